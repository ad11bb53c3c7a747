using System.Reflection;

namespace FreeTickets.Tests.Shared;

/// <summary>
/// Locations the build gave the test assembly (AssemblyMetadata written by tests/Directory.Build.props from the same
/// MSBuild properties the plugin projects build into), so the tests never guess where things are.
/// </summary>
internal static class RepoPaths
{
    /// <summary>The repository root ($(RepoRoot)), for tests that read committed files (benchmarks.json, results/, docs/).</summary>
    public static string Root { get; } = Metadata("FreeTickets.RepoRoot");

    /// <summary>Built plugins ($(BuiltInPluginsDir)): artifacts/plugins/&lt;Configuration&gt;/&lt;Name&gt;/&lt;Name&gt;.dll.</summary>
    public static string BuiltInPlugins { get; } = Metadata("FreeTickets.BuiltInPluginsDir");

    /// <summary>
    /// Plugins built against a contract that is not the host's ($(TestPluginsDir)):
    /// artifacts/test-plugins/&lt;Configuration&gt;/&lt;Name&gt;/&lt;Name&gt;.dll.
    /// </summary>
    public static string IncompatiblePlugins { get; } = Metadata("FreeTickets.TestPluginsDir");

    private static string Metadata(string key)
    {
        var value = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(value))
        {
            throw new InvalidOperationException($"the test assembly has no AssemblyMetadata '{key}' (tests/Directory.Build.props writes it)");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(value));
    }
}
