namespace FreeTickets.Architecture.Tests;

/// <summary>
/// Core's folders (namespace = folder) and which uses which, measured on the built assembly: a folder uses another when
/// one of its types depends on one of the other's (a field, a signature, a call, a base type, an attribute...).
/// </summary>
internal static class CoreFolders
{
    public const string Root = "FreeTickets.Core";

    /// <summary>The folder name of a Core namespace: its first segment below Core, or "(root)" for Core itself.</summary>
    public static string? FolderOf(string? ns) =>
        ns == Root ? "(root)"
        : ns is not null && ns.StartsWith(Root + ".", StringComparison.Ordinal) ? ns[(Root.Length + 1)..].Split('.')[0]
        : null;

    /// <summary>Each folder and the folders it uses (itself left out).</summary>
    public static SortedDictionary<string, SortedSet<string>> Graph()
    {
        var graph = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var type in Assemblies.Model.Types)
        {
            if (FolderOf(type.Namespace?.FullName) is not { } from || type.Assembly.FullName != Assemblies.Core.FullName)
            {
                continue;
            }

            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
            {
                if (FolderOf(dependency.Target.Namespace?.FullName) is { } to && to != from)
                {
                    uses.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>One line per folder: <c>Folder -> A, B</c>.</summary>
    public static string Describe(SortedDictionary<string, SortedSet<string>> graph) =>
        string.Join("\n", graph.Select(kv => $"{kv.Key} -> {(kv.Value.Count == 0 ? "(nothing)" : string.Join(", ", kv.Value))}"));
}
