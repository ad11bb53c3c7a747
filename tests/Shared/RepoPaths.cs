namespace FreeTickets.Tests.Shared;

/// <summary>Locations in the repository, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>Built plugins: artifacts/plugins/&lt;Configuration&gt;/&lt;Name&gt;/&lt;Name&gt;.dll.</summary>
    public static string BuiltInPlugins => Path.Combine(Root, "artifacts", "plugins", Configuration);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FreeTickets.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FreeTickets.sln not found above " + AppContext.BaseDirectory);
    }
}
