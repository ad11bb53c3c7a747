using System.Reflection;
using FreeTickets.Cli.Commands;
using FreeTickets.Cli.Jobs;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Tests.Jobs;

/// <summary>The pieces of <c>run --jobs</c> that need no process: the worker's command line, its messages and its channel.</summary>
public sealed class WorkerProtocolTests
{
    [Fact]
    public void Should_forward_or_keep_every_option_of_run_When_building_a_workers_command_line()
    {
        // A new option of `run` must be sorted into one list: forwarded to workers, or the coordinator's alone.
        var options = typeof(RunSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<CommandOptionAttribute>() is not null).Select(p => p.Name).ToHashSet();

        Assert.Empty(options.Except(WorkerLauncher.Forwarded).Except(WorkerLauncher.CoordinatorOnly));
        Assert.Empty(WorkerLauncher.Forwarded.Intersect(WorkerLauncher.CoordinatorOnly));
        Assert.Empty(WorkerLauncher.Forwarded.Concat(WorkerLauncher.CoordinatorOnly).Except(options));
    }

    [Fact]
    public void Should_make_paths_absolute_and_the_shard_and_threads_explicit_When_building_a_workers_command_line()
    {
        var settings = new RunSettings { Config = "my.json", Matrix = "ci", Force = true, Plugins = ["extra"], CheckpointEvery = 3, Execution = "sparse" };
        var options = new RunOptions("out/ci", "cpu", Force: true, DataRoot: "data", ShardIndex: 1, ShardCount: 4, CheckpointEvery: 3) { SaveModels = true };

        var args = WorkerLauncher.Arguments(settings, options, threads: 2);

        Assert.Equal(["run", "--worker"], args.Take(2));
        Assert.Equal(Path.GetFullPath("my.json"), After(args, "--config"));
        Assert.Equal(Path.GetFullPath("out/ci"), After(args, "--out"));
        Assert.Equal(Path.GetFullPath("data"), After(args, "--data-root"));
        Assert.Equal(Path.GetFullPath("extra"), After(args, "--plugins"));
        Assert.Equal("1/4", After(args, "--shard"));
        Assert.Equal("2", After(args, "--threads"));
        Assert.Equal("3", After(args, "--checkpoint-every"));
        Assert.Equal("cpu", After(args, "--device"));
        Assert.Contains("--force", args);
        Assert.Contains("--save-models", args);
        Assert.Equal("sparse", After(args, "--execution"));
        Assert.DoesNotContain("--jobs", args);
    }

    [Fact]
    public void Should_leave_the_configs_execution_to_the_worker_When_run_does_not_override_it()
    {
        var args = WorkerLauncher.Arguments(new RunSettings { Config = "my.json" }, new RunOptions("out/ci"), threads: 1);

        Assert.DoesNotContain("--execution", args);
    }

    [Fact]
    public void Should_round_trip_every_field_When_a_message_is_written_and_parsed()
    {
        var stats = new EpochStats(1, 4, "refine-1", 0.01, double.NaN, 0.5, 0.25, 0.97, 0.2, 1234, 1.5);
        var epoch = new WorkerMessage(WorkerMessage.EpochEnd) { Cell = "dense_x", Epoch = stats };
        var member = new WorkerMessage(WorkerMessage.MemberStart) { Cell = "dense_x", Member = 0, Members = 3 };

        Assert.Equal(epoch, WorkerMessage.Parse(epoch.ToLine()));
        Assert.Equal(member, WorkerMessage.Parse(member.ToLine()));
        var update = new WorkerMessage(WorkerMessage.TopologyUpdate) { Cell = "dst_x", Member = 1, Update = new TopologyUpdate(400, 0.3, 1200, 1100) };
        Assert.Equal(update, WorkerMessage.Parse(update.ToLine()));
        Assert.Single(epoch.ToLine().Split('\n'));
        Assert.Null(WorkerMessage.Parse("a line something else printed"));
        Assert.Null(WorkerMessage.Parse("{not json"));
        Assert.Null(WorkerMessage.Parse("{}"));
    }

    [Fact]
    public void Should_hand_out_cells_until_end_When_the_coordinator_sends_them()
    {
        using var interruption = new Interruption();
        var output = new StringWriter();
        var orphaned = false;
        var channel = new WorkerChannel(new StringReader("cell a\ncell b\nend\n"), output, interruption, () => orphaned = true);

        Assert.Equal("a", channel.Next());
        Assert.Equal("b", channel.Next());
        Assert.Null(channel.Next());
        Assert.Equal(3, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => WorkerMessage.Parse(l)?.Kind == WorkerMessage.Next));
        Assert.False(orphaned);
        Assert.False(interruption.AfterEpoch.IsCancellationRequested);
    }

    [Fact]
    public void Should_stop_after_the_epoch_without_counting_a_second_request_When_told_to_stop()
    {
        using var interruption = new Interruption();
        // The terminal's Ctrl-C reached the worker first; the coordinator's stop must not turn it into "stop now".
        Assert.Equal(1, interruption.Request());
        var channel = new WorkerChannel(new StringReader("stop\nend\n"), new StringWriter(), interruption, () => { });

        Assert.Null(channel.Next());
        Assert.True(interruption.AfterEpoch.IsCancellationRequested);
        Assert.False(interruption.Now.IsCancellationRequested);
    }

    [Fact]
    public void Should_call_orphaned_When_input_ends_without_end()
    {
        using var interruption = new Interruption();
        using var orphaned = new ManualResetEventSlim();
        var channel = new WorkerChannel(new StringReader("cell a\n"), new StringWriter(), interruption, orphaned.Set);

        Assert.Equal("a", channel.Next());
        Assert.True(orphaned.Wait(TimeSpan.FromSeconds(10)), "a worker whose coordinator is gone must not train on");
        Assert.Null(channel.Next());
    }

    private static string After(IReadOnlyList<string> args, string option) => args[args.ToList().IndexOf(option) + 1];
}
