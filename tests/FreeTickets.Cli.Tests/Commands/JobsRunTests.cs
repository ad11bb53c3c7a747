using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary><c>run --jobs 2</c> against the single process of <see cref="ShardedRunFixture"/> (same config, one thread each).</summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
[Collection(ShardedRunCollection.Name)]
public sealed class JobsRunTests(ShardedRunFixture runs)
{
    [Fact]
    public void Should_write_the_single_process_tables_When_two_workers_share_the_matrix()
    {
        Assert.True(runs.Jobs.ExitCode == 0, runs.Jobs.ToString());
        Assert.True(runs.Single.ExitCode == 0, runs.Single.ToString());
        foreach (var file in ResultTables.FileNames)
        {
            var single = Path.Combine(runs.SingleDir, file);
            Assert.True(ResultCsv.ReadWithoutVolatile(single).Count > 1, $"{file} has no rows");
            ResultCsv.AssertEqualExceptVolatile(single, Path.Combine(runs.JobsDir, file));
        }

        Assert.Equal(
            Directory.GetFiles(Path.Combine(runs.SingleDir, "cells")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(runs.JobsDir, "cells")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(runs.JobsDir, "checkpoints")), "checkpoints are removed once the cells are stored");
    }

    [Fact]
    public void Should_hand_out_the_longest_cells_first_and_use_both_workers_When_running_with_two_jobs()
    {
        Assert.True(runs.Jobs.ExitCode == 0, runs.Jobs.ToString());
        var output = runs.Jobs.Output;
        // Smoke: EDST trains 1 + 2 x 2 = 5 epochs, the other ensembles 2 x 2, dense 2; both seeds of a kind, in matrix order.
        var started = output.Split('\n').Where(l => l.StartsWith('[') && !l.Contains("->", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(']', StringComparison.Ordinal) + 2)..].Trim()).ToList();
        Assert.Equal(8, started.Count);
        Assert.All(started.Take(2), id => Assert.StartsWith("edst-ensemble_", id));
        Assert.All(started.Skip(6), id => Assert.StartsWith("dense_", id));
        Assert.Contains("worker 1: loading", output);
        Assert.Contains("worker 2: loading", output);
        Assert.Contains("done: 8 cell(s) trained, 0 already finished, 0 diverged, 0 failed", output);
    }
}
