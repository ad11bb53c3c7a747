namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// A results folder that already exists (one trained cell: its record and the four tables), which bad-input runs point
/// at: <see cref="Snapshot"/> and <see cref="AssertUnchanged"/> prove that they modify nothing and leave nothing behind.
/// </summary>
public sealed class ExistingResultsFixture : IDisposable
{
    public const string CellId = "dense_mlp-300-100_synthetic_s0_seed1";

    public ExistingResultsFixture()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-badinput-").FullName;
        ConfigPath = Path.Combine(Root, "benchmarks.json");
        File.WriteAllText(ConfigPath, Config("synthetic"));
        Result = CliHarness.RunAsync(RunArgs(ConfigPath)).GetAwaiter().GetResult();
    }

    public string Root { get; }

    /// <summary>A valid config with the one-cell matrix <c>tiny</c>.</summary>
    public string ConfigPath { get; }

    public string OutDir => Path.Combine(Root, "results");

    internal CliResult Result { get; }

    /// <summary>The config of matrix <c>tiny</c> (one dense cell, one epoch) on <paramref name="dataset"/>.</summary>
    public static string Config(string dataset, string matrixExtra = "") => $$"""
        {
          "matrices": {
            "tiny": {
              {{matrixExtra}}
              "datasets": ["{{dataset}}"], "architectures": ["mlp-300-100"], "methods": ["dense"], "seeds": [1],
              "training": { "epochs": 1 }
            }
          }
        }
        """;

    /// <summary><c>run --matrix tiny</c> into <see cref="OutDir"/> on one CPU thread, then <paramref name="extra"/>.</summary>
    public string[] RunArgs(string config, params string[] extra) =>
        ["run", "--matrix", "tiny", "--config", config, "--out", OutDir, "--threads", "1", "--device", "cpu", "--quiet", .. CliHarness.PluginArgs, .. extra];

    /// <summary>Writes a config next to the results and returns its path.</summary>
    public string WriteConfig(string name, string json)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Every file under the results folder (hidden ones included) with its bytes and modification time.</summary>
    public Dictionary<string, (byte[] Bytes, DateTime Modified)> Snapshot() =>
        Directory.EnumerateFiles(OutDir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(OutDir, f), f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)), StringComparer.Ordinal);

    /// <summary>No file was added, removed, rewritten or touched since <paramref name="before"/>.</summary>
    public void AssertUnchanged(Dictionary<string, (byte[] Bytes, DateTime Modified)> before)
    {
        var after = Snapshot();
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, (bytes, modified)) in before)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(after[file].Bytes), $"{file} was rewritten");
            Assert.True(modified == after[file].Modified, $"{file} was touched");
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
