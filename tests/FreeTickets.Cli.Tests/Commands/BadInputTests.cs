using System.Buffers.Binary;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>
/// Bad input through the whole CLI: exit code 2, one error line naming the file, field, option or plugin and what was
/// expected, and an existing results folder exactly as it was (same files, bytes and modification times, no temp file).
/// </summary>
public sealed class BadInputTests(ExistingResultsFixture results) : IClassFixture<ExistingResultsFixture>
{
    /// <summary>Runs the CLI, requires exit 2 with one line, and that the results folder did not change; returns the message.</summary>
    private async Task<string> BadInput(params string[] args)
    {
        Assert.True(results.Result.ExitCode == 0, results.Result.ToString());
        var before = results.Snapshot();
        Assert.Contains(Path.Combine("cells", ExistingResultsFixture.CellId + ".json"), before.Keys);

        var result = await CliHarness.RunAsync(args);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = result.SingleErrorLine();
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        results.AssertUnchanged(before);
        return line["error: ".Length..];
    }

    [Fact]
    public async Task Should_give_line_and_column_When_the_config_is_malformed_json()
    {
        var config = results.WriteConfig("malformed.json", "{ \"matrices\": {\n  \"tiny\": [ }\n}");

        var message = await BadInput(results.RunArgs(config));

        Assert.Matches($"^{Regex(config)}: invalid JSON at line 2, column \\d+: ", message);
    }

    [Theory]
    [InlineData("\"trainig\": { \"epochs\": 1 },", "matrices.tiny.trainig: unknown key 'trainig' (expected one of description, datasets, ")]
    [InlineData("\"ensemble\": { \"members\": \"three\" },", "matrices.tiny.ensemble.members: expected a whole number (got \"three\")")]
    [InlineData("\"ensemble\": { \"members\": 0 },", "matrices.tiny.ensemble.members: M must be at least 1 (got 0)")]
    [InlineData("\"overrides\": { \"dense\": { \"training\": { \"epochs\": -1 } } },", "matrices.tiny.overrides.dense.training.epochs: must be at least 1 (got -1)")]
    [InlineData("\"sparse\": { \"distribution\": \"erdos\" },", "matrices.tiny.sparse.distribution: unknown distribution 'erdos' (expected one of erk, er, uniform)")]
    [InlineData("\"sparse\": { \"execution\": \"fast\" },", "matrices.tiny.sparse.execution: unknown execution mode 'fast' (expected one of masked, sparse)")]
    public async Task Should_name_the_file_and_the_field_When_the_config_has_a_mistake(string matrixExtra, string expected)
    {
        var config = results.WriteConfig("mistake.json", ExistingResultsFixture.Config("synthetic", matrixExtra));

        var message = await BadInput(results.RunArgs(config));

        Assert.StartsWith($"{config}: {expected}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_list_the_available_datasets_When_the_dataset_name_is_unknown()
    {
        var config = results.WriteConfig("unknown-dataset.json", ExistingResultsFixture.Config("cifar-11"));

        var message = await BadInput(results.RunArgs(config));

        Assert.Equal($"{config}: matrices.tiny.datasets: unknown dataset 'cifar-11'; available: cifar10, cifar10-released, cifar100, cifar100-released, digits, fashion-mnist, mnist, svhn, synthetic", message);
    }

    [Fact]
    public async Task Should_list_the_available_regrowth_rules_When_the_regrowth_rule_is_unknown()
    {
        var json = ExistingResultsFixture.Config("synthetic", "\"sparse\": { \"regrow\": \"rigl\" },")
            .Replace("\"methods\": [\"dense\"], \"seeds\": [1]", "\"methods\": [\"dense\", \"dst-ensemble\"], \"sparsities\": [0.8], \"seeds\": [1]", StringComparison.Ordinal);
        var config = results.WriteConfig("unknown-regrowth.json", json);

        var message = await BadInput(results.RunArgs(config));

        Assert.Equal($"{config}: matrices.tiny.sparse.regrow (dst-ensemble): unknown regrowth rule 'rigl'; available: gradient, gradient-momentum, momentum, random", message);
    }

    public static TheoryData<string, string[], string> Options => new()
    {
        { "threads 0", ["--threads", "0"], "--threads: must be at least 1 (got 0)" },
        { "threads abc", ["--threads", "abc"], "--threads: expected a whole number (got 'abc')" },
        { "shard 3/2", ["--shard", "3/2"], "--shard: expected i/n with 0 <= i < n (got '3/2')" },
        { "shard-count 0", ["--shard-count", "0"], "--shard-count: must be at least 1 (got 0)" },
        { "device tpu", ["--device", "tpu"], "--device: expected auto, cpu, cuda or cuda:N (got 'tpu')" },
        { "checkpoint-every -1", ["--checkpoint-every", "-1"], "--checkpoint-every: must be 0 or more (got -1)" },
        { "execution fast", ["--execution", "fast"], "--execution: unknown execution mode 'fast' (expected one of masked, sparse)" },
        { "unknown option", ["--thread", "2"], "Unknown option 'thread'." },
    };

    [Theory]
    [MemberData(nameof(Options))]
    public async Task Should_name_the_option_and_what_it_expects_When_an_option_is_invalid(string name, string[] option, string expected)
    {
        Assert.NotEmpty(name);

        // The options come last, so they override the defaults RunArgs passes (--threads 1, --device cpu).
        var message = await BadInput(results.RunArgs(results.ConfigPath, option));

        Assert.Equal(expected, message);
    }

    [Fact]
    public async Task Should_say_that_no_gpu_is_available_When_cuda_is_requested_on_a_cpu_build()
    {
        // With a GPU the same check refuses a device index that does not exist.
        var cuda = TorchSharp.torch.cuda.is_available();
        var device = cuda ? "cuda:99" : "cuda";

        var message = await BadInput(results.RunArgs(results.ConfigPath, "--device", device));

        Assert.StartsWith(cuda ? "--device: expected cuda:0 to cuda:" : "--device: no CUDA device is available to this build", message, StringComparison.Ordinal);
        Assert.EndsWith($"(got '{device}')", message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> DatasetFaults => new()
    {
        { "wrong magic", "train-images-idx3-ubyte: magic number 0x00000801, expected 0x00000803 (IDX images (unsigned bytes, rank 3)); the file is corrupt or of another kind" },
        { "wrong shape", "train-images-idx3-ubyte: dimensions 2x28x28, expected 60000x28x28" },
        { "truncated", "train-images-idx3-ubyte: truncated: expected 47040016 bytes (16-byte header + 60000x28x28), found 1016" },
        { "corrupt gzip", "train-images-idx3-ubyte.gz: cannot be read (" },
        { "missing", "mnist: missing train-labels-idx1-ubyte in " },
    };

    [Theory]
    [MemberData(nameof(DatasetFaults))]
    public async Task Should_name_the_dataset_file_and_the_fault_When_a_data_file_is_bad(string fault, string expected)
    {
        var seed = 2 + Array.IndexOf(new[] { "wrong magic", "wrong shape", "truncated", "corrupt gzip", "missing" }, fault);
        var dataRoot = Path.Combine(results.Root, "data-" + fault.Replace(' ', '-'));
        var folder = Path.Combine(dataRoot, "mnist");
        Directory.CreateDirectory(folder);
        var images = Path.Combine(folder, "train-images-idx3-ubyte");
        File.WriteAllBytes(images, fault switch
        {
            "wrong magic" => Idx(0x801, [60000, 28, 28], 0),
            "wrong shape" => Idx(0x803, [2, 28, 28], 2 * 28 * 28),
            "truncated" => Idx(0x803, [60000, 28, 28], 1000),
            _ => Idx(0x803, [60000, 28, 28], 0),
        });
        if (fault == "corrupt gzip")
        {
            File.Move(images, images + ".gz");
        }

        foreach (var other in new[] { "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }.Skip(fault == "missing" ? 1 : 0))
        {
            File.WriteAllBytes(Path.Combine(folder, other), Idx(0x801, [1], 1));
        }

        // A new synthetic cell comes first in cell order: it must not be trained and stored before the bad data of the
        // mnist cells is found.
        var json = ExistingResultsFixture.Config("synthetic").Replace("[\"synthetic\"]", "[\"synthetic\", \"mnist\"]", StringComparison.Ordinal)
            .Replace("\"seeds\": [1]", $"\"seeds\": [1, {seed}]", StringComparison.Ordinal);
        var config = results.WriteConfig("mnist.json", json);

        // Without npm on PATH a missing file is not fetched: the error says how to get it.
        var path = Environment.GetEnvironmentVariable("PATH");
        string message;
        try
        {
            Environment.SetEnvironmentVariable("PATH", dataRoot);
            message = await BadInput(results.RunArgs(config, "--data-root", dataRoot));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }

        Assert.StartsWith($"dataset 'mnist': {(fault == "missing" ? "" : folder + Path.DirectorySeparatorChar)}{expected}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_name_the_output_folder_When_it_cannot_be_created()
    {
        var file = Path.Combine(results.Root, "not-a-folder");
        File.WriteAllText(file, "");
        var args = results.RunArgs(results.ConfigPath).ToList();
        args[args.IndexOf("--out") + 1] = Path.Combine(file, "out");

        var message = await BadInput([.. args]);

        Assert.StartsWith($"{Path.Combine(file, "out")}: output folder is not writable (", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_replace_none_of_the_tables_and_name_the_file_When_the_disk_fills_up_while_writing_them()
    {
        using var disk = new SimulatedDiskFull("runs.csv", capacity: 64);

        // Every cell is finished, so the run only rewrites the four tables; the second one hits the full disk.
        var message = await BadInput(results.RunArgs(results.ConfigPath));

        Assert.Equal(1, disk.Hits);
        Assert.Equal($"{Path.Combine(results.OutDir, "runs.csv")}: could not write the file ({SimulatedDiskFull.Message}); none of the files was replaced", message);
    }

    [Fact]
    public async Task Should_keep_the_previous_record_and_name_the_file_When_the_disk_fills_up_while_storing_a_cell()
    {
        var record = Path.Combine(results.OutDir, "cells", ExistingResultsFixture.CellId + ".json");
        using var disk = new SimulatedDiskFull(Path.GetFileName(record), capacity: 100);

        // --force retrains the cell (one epoch) and stores its record over the old one; no checkpoint, so the record is
        // the first write.
        var message = await BadInput(results.RunArgs(results.ConfigPath, "--force", "--checkpoint-every", "0"));

        Assert.Equal(1, disk.Hits);
        Assert.Equal($"{record}: could not write the file ({SimulatedDiskFull.Message}); its previous content is kept", message);
    }

    [Fact]
    public async Task Should_report_a_plugin_dll_that_is_not_an_assembly_and_still_list_the_others_When_listing()
    {
        var folder = Path.Combine(results.Root, "garbage-plugins", "Garbage");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "Garbage.dll"), [0x4D, 0x5A, 1, 2, 3]);

        var result = await CliHarness.RunAsync(["list", .. CliHarness.PluginArgs, "--plugins", Path.GetDirectoryName(folder)!]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.Contains($"{Path.Combine(folder, "Garbage.dll")}: not a .NET assembly", result.Output.ReplaceLineEndings(""));
        Assert.Contains("mlp-300-100", result.Output);
    }

    [Fact]
    public async Task Should_report_each_plugin_built_against_another_contract_and_still_list_the_others_When_listing()
    {
        var result = await CliHarness.RunAsync(["list", .. CliHarness.PluginArgs, "--plugins", RepoPaths.IncompatiblePlugins]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(result.Error);
        Assert.Contains("3 load error(s)", result.Output);
        // Long lines wrap at a space, and where depends on the checkout's path: compare with every line break a space.
        var output = System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " ");
        foreach (var name in new[] { "ChangedMembersPlugin", "RemovedTypePlugin", "MissingMemberPlugin" })
        {
            var dll = Path.Combine(RepoPaths.IncompatiblePlugins, $"FreeTickets.Fixtures.{name}", $"FreeTickets.Fixtures.{name}.dll");
            Assert.Contains($"{dll}: incompatible plugin contract: built against a FreeTickets.Abstractions other than the host's {PluginDiscovery.ContractVersion}", output);
        }

        Assert.Contains("magnitude", result.Output);
    }

    [Fact]
    public async Task Should_fail_only_the_cells_that_use_it_When_a_plugin_failed_to_load()
    {
        var json = ExistingResultsFixture.Config("synthetic", "\"sparse\": { \"prune\": \"missing-member\" }, \"ensemble\": { \"members\": 1 },")
            .Replace("\"methods\": [\"dense\"], \"seeds\": [1]", "\"methods\": [\"dense\", \"dst-ensemble\"], \"sparsities\": [0.8], \"seeds\": [1]", StringComparison.Ordinal);
        var config = results.WriteConfig("failed-plugin.json", json);
        var args = results.RunArgs(config, "--plugins", RepoPaths.IncompatiblePlugins).ToList();
        var output = Path.Combine(results.Root, "failed-plugin");
        args[args.IndexOf("--out") + 1] = output;

        var result = await CliHarness.RunAsync([.. args]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("2 cell(s) trained, 0 already finished, 0 diverged, 1 failed", result.Output);
        var runs = File.ReadAllLines(Path.Combine(output, "runs.csv"));
        Assert.Contains(runs, r => r.Contains(",dense,", StringComparison.Ordinal) && r.Contains(",ok,", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains(",dst-ensemble,", StringComparison.Ordinal)
            && r.Contains(",failed,", StringComparison.Ordinal)
            && r.Contains("unknown pruning criterion 'missing-member'; available: magnitude, random, set, taylor (3 plugin load error(s): run 'list' to see them)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_print_every_error_including_plugin_names_When_validating_a_config_with_several_mistakes()
    {
        var json = ExistingResultsFixture.Config("cifar-11", "\"sparse\": { \"dropSchedule\": \"linear\", \"prune\": \"magnitud\" }, \"ensemble\": { \"members\": 0 },")
            .Replace("\"seeds\": [1]", "\"seeds\": [1, 1]", StringComparison.Ordinal)
            .Replace("\"methods\": [\"dense\"]", "\"methods\": [\"dense\", \"dst-ensemble\"], \"sparsities\": [0.8]", StringComparison.Ordinal);
        var config = results.WriteConfig("several.json", json);

        var result = await CliHarness.RunAsync(["validate", "--config", config, .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"error: {config}: 5 error(s)", result.SingleErrorLine());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var expected in new[]
        {
            "matrices.tiny.seeds: each value must appear once (got 1 twice)",
            "matrices.tiny.sparse.dropSchedule: unknown drop schedule 'linear' (expected one of constant, cosine)",
            "matrices.tiny.ensemble.members: M must be at least 1 (got 0)",
            "matrices.tiny.sparse.prune: unknown pruning criterion 'magnitud'; available: magnitude, random, set, taylor",
            "matrices.tiny.datasets[0]: unknown dataset 'cifar-11'; available: ",
        })
        {
            Assert.Contains(lines, l => l.StartsWith($"error: {config}: {expected}", StringComparison.Ordinal));
        }
    }

    private static byte[] Idx(int magic, int[] dims, int payload)
    {
        var bytes = new byte[4 + (4 * dims.Length) + payload];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }

        return bytes;
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
