namespace FreeTickets.Cli.Tests.Commands;

/// <summary><c>run --dry-run</c>: the cells a run would visit, nothing loaded, trained or written.</summary>
public sealed class DryRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-dry-run-").FullName;

    private string Out => Path.Combine(_root, "out");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<CliResult> Run(params string[] args) => RunMatrix("smoke", args);

    private static Task<CliResult> RunMatrix(string matrix, params string[] args) =>
        CliHarness.RunAsync(["run", "--config", CliHarness.RepoConfig, "--matrix", matrix, "--threads", "1", "--quiet", .. CliHarness.PluginArgs, .. args]);

    [Fact]
    public async Task Should_list_every_cell_to_train_and_write_nothing_When_the_output_folder_does_not_exist()
    {
        var result = await Run("--out", Out, "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, result.Output.Split('\n').Count(l => l.StartsWith("train ", StringComparison.Ordinal)));
        Assert.Contains("dry run: 4 cell(s) to train, 0 already finished, 0 would fail", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out), "a dry run creates no output folder");
    }

    [Fact]
    public async Task Should_mark_the_finished_cells_and_leave_the_folder_as_it_was_When_half_of_the_matrix_has_run()
    {
        var trained = await Run("--out", Out, "--shard", "0/2");
        Assert.True(trained.ExitCode == 0, trained.ToString());
        var before = Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories)
            .Select(f => (f, File.GetLastWriteTimeUtc(f), new FileInfo(f).Length)).OrderBy(x => x.f, StringComparer.Ordinal).ToList();

        var plan = await Run("--out", Out, "--dry-run");
        var forced = await Run("--out", Out, "--dry-run", "--force");
        var otherShard = await Run("--out", Out, "--dry-run", "--shard", "1/2");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("finished  dense_mlp-300-100_synthetic_s0_seed1", plan.Output, StringComparison.Ordinal);
        Assert.Contains("train     dense-ensemble_mlp-300-100_synthetic_s0_seed1", plan.Output, StringComparison.Ordinal);
        Assert.Contains("dry run: 2 cell(s) to train, 2 already finished, 0 would fail", plan.Output, StringComparison.Ordinal);
        Assert.Contains("dry run: 4 cell(s) to train, 0 already finished", forced.Output, StringComparison.Ordinal);
        Assert.Contains("dry run: 2 cell(s) to train, 0 already finished", otherShard.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("finished ", otherShard.Output.Split("dry run:")[0], StringComparison.Ordinal);
        var after = Directory.EnumerateFiles(Out, "*", SearchOption.AllDirectories)
            .Select(f => (f, File.GetLastWriteTimeUtc(f), new FileInfo(f).Length)).OrderBy(x => x.f, StringComparer.Ordinal).ToList();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Should_exit_2_with_one_line_When_the_matrix_does_not_exist()
    {
        var result = await RunMatrix("no-such-matrix", "--out", Out, "--dry-run");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-matrix", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task Should_list_the_cells_in_the_order_workers_get_them_When_running_with_jobs()
    {
        // ci: dense-ensemble and DST train 3 x 10 epochs, EDST 6 + 3 x 4, dense 10; ties keep the matrix order.
        var result = await RunMatrix("ci", "--out", Out, "--dry-run", "--jobs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 workers of 1 thread(s), handed cells most expensive first, in this order:", result.Output, StringComparison.Ordinal);
        var methods = result.Output.Split('\n').Where(l => l.StartsWith("train ", StringComparison.Ordinal))
            .Select(l => l["train ".Length..].Trim().Split('_')[0]).ToList();
        Assert.Equal(
            [.. Enumerable.Repeat("dense-ensemble", 2), .. Enumerable.Repeat("dst-ensemble", 4), .. Enumerable.Repeat("edst-ensemble", 4), .. Enumerable.Repeat("dense", 2)],
            methods);
        Assert.False(Directory.Exists(Out), "a dry run creates no output folder");
    }

    [Fact]
    public async Task Should_warn_When_jobs_times_threads_exceed_the_cores()
    {
        var jobs = Environment.ProcessorCount + 1;

        var result = await Run("--out", Out, "--dry-run", "--jobs", $"{jobs}", "--threads", "1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"warning: --jobs {jobs} x --threads 1 = {jobs} threads on {Environment.ProcessorCount} core(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_give_each_worker_its_share_of_the_cores_When_threads_are_not_given()
    {
        var result = await CliHarness.RunAsync(["run", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--out", Out, "--dry-run", "--jobs", "2", .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"2 workers of {Math.Max(1, Environment.ProcessorCount / 2)} thread(s)", result.Output, StringComparison.Ordinal);
        if (Environment.ProcessorCount >= 2)
        {
            Assert.DoesNotContain("warning:", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Should_fail_with_one_line_When_jobs_is_below_one()
    {
        var result = await Run("--out", Out, "--jobs", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --jobs: must be at least 1 (got 0)", result.SingleErrorLine());
        Assert.False(Directory.Exists(Out));
    }
}
