using System.Text.Json.Nodes;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// The smoke matrix with two seeds (8 cells, so every one of 3 shards trains cells and every leaderboard row mixes
/// seeds from two shards), run as five concurrent processes: one without a shard, <c>--shard 0/3</c>, <c>1/3</c>,
/// <c>2/3</c> and one with <c>--jobs 2</c> (a coordinator and two workers) into their own folders; then the three shard
/// folders merged by another process. Corruption sets are on so that robustness.csv is merged too. One instance serves the
/// whole <see cref="ShardedRunCollection"/>.
/// </summary>
[CollectionDefinition(ShardedRunCollection.Name)]
public sealed class ShardedRunCollection : ICollectionFixture<ShardedRunFixture>
{
    public const string Name = "sharded smoke runs";
}

/// <summary>The runs of <see cref="ShardedRunCollection"/>.</summary>
public sealed class ShardedRunFixture : IDisposable
{
    public ShardedRunFixture()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-shards-").FullName;
        var config = JsonNode.Parse(File.ReadAllText(CliHarness.RepoConfig))!;
        config["matrices"]!["smoke"]!["seeds"] = new JsonArray(1, 2);
        // Corruption sets on, so that robustness.csv has rows to merge.
        var evaluation = config["matrices"]!["smoke"]!["evaluation"] as JsonObject ?? [];
        evaluation["corruptions"] = new JsonArray("contrast", "rotation");
        evaluation["severities"] = new JsonArray(1, 5);
        config["matrices"]!["smoke"]!["evaluation"] = evaluation.DeepClone();
        File.WriteAllText(ConfigPath, config.ToJsonString());

        var runs = new[] { ToolProcess.RunAsync(RunArgs(SingleDir)), ToolProcess.RunAsync([.. RunArgs(JobsDir), "--jobs", "2"]) }
            .Concat(Enumerable.Range(0, 3).Select(i => ToolProcess.RunAsync([.. RunArgs(ShardDir(i)), "--shard", $"{i}/3"])))
            .ToArray();
        Task.WaitAll(runs);
        Single = runs[0].Result;
        Jobs = runs[1].Result;
        Shards = [.. runs.Skip(2).Select(r => r.Result)];
        Merge = ToolProcess.RunAsync(["merge", ShardDir(0), ShardDir(1), ShardDir(2), "--out", MergedDir, "--config", ConfigPath])
            .GetAwaiter().GetResult();
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "benchmarks.json");

    public string SingleDir => Path.Combine(Root, "single");

    public string MergedDir => Path.Combine(Root, "merged");

    public string JobsDir => Path.Combine(Root, "jobs");

    public string ShardDir(int index) => Path.Combine(Root, $"shard-{index}");

    internal CliResult Single { get; }

    internal CliResult Jobs { get; }

    internal IReadOnlyList<CliResult> Shards { get; }

    internal CliResult Merge { get; }

    public string[] RunArgs(string outDir) =>
        ["run", "--matrix", "smoke", "--config", ConfigPath, "--out", outDir, "--threads", "1", "--device", "cpu", "--quiet",
            "--data-root", Path.Combine(Root, "data"), .. CliHarness.PluginArgs];

    /// <summary>A new folder holding a copy of a shard's cell records (no tables).</summary>
    public string CopyOfCells(int shard, string name)
    {
        var target = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.Combine(target, "cells"));
        foreach (var file in Directory.GetFiles(Path.Combine(ShardDir(shard), "cells")))
        {
            File.Copy(file, Path.Combine(target, "cells", Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
    }
}
