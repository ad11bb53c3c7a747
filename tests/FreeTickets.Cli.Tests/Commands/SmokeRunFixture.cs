namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// Every test class that reads a CLI smoke run (the run and check commands, the report and its cell diagnostics) shares
/// one: the matrix is trained once per test run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SmokeRunCollection : ICollectionFixture<SmokeRunFixture>
{
    public const string Name = "smoke-run";
}

/// <summary>
/// Runs <c>run --matrix smoke</c> once for <see cref="SmokeRunCollection"/>, into a temporary folder that its tests only
/// read (they copy what they change, each under its own name).
/// </summary>
public sealed class SmokeRunFixture : IDisposable
{
    public SmokeRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-cli-").FullName;
        Result = CliHarness.RunAsync(
            ["run", "--matrix", "smoke", "--config", CliHarness.RepoConfig, "--out", OutDir, "--threads", "1", "--device", "cpu", "--quiet", .. CliHarness.PluginArgs])
            .GetAwaiter().GetResult();
    }

    public string Root { get; }

    public string OutDir => Path.Combine(Root, "smoke");

    internal CliResult Result { get; }

    /// <summary>A copy of the run's results folder (the "committed" leaderboard of a check).</summary>
    public string CopyOfResults(string name)
    {
        var target = Path.Combine(Root, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(OutDir))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
