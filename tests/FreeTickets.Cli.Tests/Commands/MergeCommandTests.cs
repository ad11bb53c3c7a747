using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Commands;

[Trait(TestCategories.Category, TestCategories.Slow)]
[Collection(ShardedRunCollection.Name)]
public sealed class MergeCommandTests(ShardedRunFixture shards)
{
    private static string[] CellFiles(string dir) =>
        [.. Directory.GetFiles(Path.Combine(dir, "cells"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Should_train_disjoint_non_empty_shards_that_cover_the_matrix_When_running_three_shard_processes()
    {
        Assert.True(shards.Single.ExitCode == 0, shards.Single.ToString());
        var union = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var result = shards.Shards[i];
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains($"shard {i}/3 from --shard (--shard {i}/3)", result.Output);
            var cells = CellFiles(shards.ShardDir(i));
            Assert.NotEmpty(cells);
            union.AddRange(cells);
        }

        Assert.Equal(8, union.Count);
        Assert.Equal(CellFiles(shards.SingleDir), union.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_write_the_single_process_tables_When_merging_the_three_shard_folders()
    {
        Assert.True(shards.Merge.ExitCode == 0, shards.Merge.ToString());
        foreach (var file in ResultTables.FileNames)
        {
            var single = Path.Combine(shards.SingleDir, file);
            Assert.True(ResultCsv.ReadWithoutVolatile(single).Count > 1, $"{file} has no rows");
            ResultCsv.AssertEqualExceptVolatile(single, Path.Combine(shards.MergedDir, file));
        }

        // Every leaderboard row averages two seeds that ran in different processes.
        var leaderboard = ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(shards.MergedDir, "leaderboard.csv"));
        Assert.Equal(4, leaderboard.Count);
        Assert.All(leaderboard, r => Assert.Equal((2, 2), (r.Seeds, r.Ok)));
        Assert.Equal(CellFiles(shards.SingleDir), CellFiles(shards.MergedDir));
    }

    [Fact]
    public void Should_count_the_records_and_find_every_cell_When_merging_with_the_config()
    {
        Assert.True(shards.Merge.ExitCode == 0, shards.Merge.ToString());
        Assert.Empty(shards.Merge.Error);
        Assert.Contains("merge: 8 cell record(s) of matrix smoke", shards.Merge.Output);
        Assert.Contains("(8 copied in, 0 duplicate(s) skipped)", shards.Merge.Output);
        Assert.Contains("4 leaderboard row(s)", shards.Merge.Output);
        Assert.Contains("all 8 cell(s) of matrix smoke", shards.Merge.Output);
    }

    public static TheoryData<string, string[], string> SchedulerSources => new()
    {
        { "slurm", ["SLURM_ARRAY_TASK_ID=2", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3"], "shard 1/3 from a Slurm job array" },
        { "kubernetes", ["JOB_COMPLETION_INDEX=1", "FREETICKETS_SHARD_COUNT=3"], "shard 1/3 from a Kubernetes Indexed Job" },
    };

    [Theory]
    [MemberData(nameof(SchedulerSources))]
    public async Task Should_select_the_same_cells_as_the_option_When_the_shard_comes_from_scheduler_variables(string name, string[] variables, string expected)
    {
        // A copy of shard 1's records: the run resumes without training only if the variables select exactly shard 1's cells.
        var dir = shards.CopyOfCells(1, "from-" + name);
        var env = variables.Select(v => v.Split('=')).ToDictionary(p => p[0], p => p[1]);

        var result = await ToolProcess.RunAsync(shards.RunArgs(dir), env);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(expected, result.Output);
        var count = CellFiles(shards.ShardDir(1)).Length;
        Assert.Contains($"{count} cell(s), {count} already finished, 0 to train", result.Output);
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_naming_the_variable_When_a_completion_index_has_no_shard_count()
    {
        var result = await ToolProcess.RunAsync(shards.RunArgs(Path.Combine(shards.Root, "no-count")), new Dictionary<string, string> { ["JOB_COMPLETION_INDEX"] = "0" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("JOB_COMPLETION_INDEX=0 is set but the shard count is not", result.SingleErrorLine());
        Assert.False(Directory.Exists(Path.Combine(shards.Root, "no-count")));
    }

    [Fact]
    public async Task Should_merge_into_the_first_folder_When_out_is_not_given()
    {
        var first = shards.CopyOfCells(0, "default-out");

        var result = await CliHarness.RunAsync("merge", first, shards.ShardDir(1), shards.ShardDir(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(CellFiles(shards.SingleDir), CellFiles(first));
        Assert.Equal(File.ReadAllBytes(Path.Combine(shards.MergedDir, "runs.csv")), File.ReadAllBytes(Path.Combine(first, "runs.csv")));
    }

    [Fact]
    public async Task Should_exit_1_and_still_write_the_tables_When_cells_are_missing_and_the_config_is_given()
    {
        var result = await CliHarness.RunAsync("merge", shards.ShardDir(0), shards.ShardDir(2), "--out", Path.Combine(shards.Root, "partial"), "--config", shards.ConfigPath);

        Assert.True(result.ExitCode == 1, result.ToString());
        var missing = CellFiles(shards.ShardDir(1)).Select(f => "missing: " + Path.GetFileNameWithoutExtension(f)).ToList();
        Assert.All(missing, m => Assert.Contains(m, result.Output));
        Assert.Contains($"{missing.Count} of 8 cell(s) of matrix smoke are missing", result.SingleErrorLine());
        Assert.Equal(8 - missing.Count, ResultTables.ReadCsv<RunRow>(Path.Combine(shards.Root, "partial", "runs.csv")).Count);
    }

    [Fact]
    public async Task Should_exit_2_naming_the_file_and_leave_the_output_alone_When_a_record_is_truncated()
    {
        var output = shards.CopyOfCells(0, "truncated-out");
        ResultTables.WriteAll(output, []);
        var before = Directory.GetFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        var broken = shards.CopyOfCells(1, "truncated");
        var victim = Directory.GetFiles(Path.Combine(broken, "cells")).Order(StringComparer.Ordinal).First();
        File.WriteAllBytes(victim, File.ReadAllBytes(victim)[..100]);

        var result = await CliHarness.RunAsync("merge", output, broken);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.SingleErrorLine();
        Assert.StartsWith($"error: {victim}: corrupt cell record", line);
        var after = Directory.GetFiles(output, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    [Fact]
    public async Task Should_exit_2_naming_both_files_When_two_folders_hold_different_results_of_one_cell()
    {
        var edited = shards.CopyOfCells(1, "edited");
        var victim = Directory.GetFiles(Path.Combine(edited, "cells")).Order(StringComparer.Ordinal).First();
        var record = CellStore.Read(victim);
        File.WriteAllText(victim, CellStore.Serialize(record with { Run = record.Run with { Accuracy = record.Run.Accuracy / 2 } }));
        var original = Path.Combine(shards.ShardDir(1), "cells", Path.GetFileName(victim));

        var result = await CliHarness.RunAsync("merge", shards.ShardDir(1), edited, "--out", Path.Combine(shards.Root, "conflict"));

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.SingleErrorLine();
        Assert.Contains(original, line);
        Assert.Contains(victim, line);
        Assert.Contains("they differ in accuracy", line);
        Assert.False(Directory.Exists(Path.Combine(shards.Root, "conflict")));
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_When_no_folder_is_given()
    {
        var result = await CliHarness.RunAsync("merge");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("DIR", result.SingleErrorLine());
    }
}
