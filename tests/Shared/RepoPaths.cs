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

    /// <summary>Plugins built against a contract that is not the host's: artifacts/test-plugins/&lt;Configuration&gt;/&lt;Name&gt;/&lt;Name&gt;.dll.</summary>
    public static string IncompatiblePlugins => Path.Combine(Root, "artifacts", "test-plugins", Configuration);

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
