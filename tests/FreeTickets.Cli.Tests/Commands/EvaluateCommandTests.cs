using System.Text.Json.Nodes;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Commands;

/// <summary>The smoke matrix run once with <c>--save-models</c>, for <see cref="EvaluateCommandTests"/>.</summary>
public sealed class SavedSmokeFixture : IDisposable
{
    public SavedSmokeFixture()
    {
        Run = CliHarness.RunAsync([
            "run", "--config", CliHarness.RepoConfig, "--matrix", "smoke", "--out", Out, "--threads", "1", "--device", "cpu", "--quiet",
            "--save-models", .. CliHarness.PluginArgs]).GetAwaiter().GetResult();
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("freetickets-saved-").FullName;

    public string Out => Path.Combine(Root, "out");

    internal CliResult Run { get; }

    public string CellFolder(string method) => Directory.GetDirectories(Path.Combine(Out, ModelExport.FolderName), method + "_*").Single();

    /// <summary>A copy of a saved cell's folder to break.</summary>
    public string CopyOf(string method, string name)
    {
        var target = Path.Combine(Root, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(CellFolder(method)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary><c>evaluate</c>: saved cells evaluated without training, and every way a saved folder can be wrong.</summary>
public sealed class EvaluateCommandTests(SavedSmokeFixture saved) : IClassFixture<SavedSmokeFixture>
{
    private static Task<CliResult> Evaluate(params string[] args) =>
        CliHarness.RunAsync(["evaluate", .. args, "--threads", "1", .. CliHarness.PluginArgs]);

    [Theory]
    [InlineData("dense")]
    [InlineData("dense-ensemble")]
    [InlineData("dst-ensemble")]
    [InlineData("edst-ensemble")]
    public async Task Should_reproduce_the_recorded_metrics_exactly_When_evaluating_a_saved_cell_on_its_own_test_set(string method)
    {
        Assert.True(saved.Run.ExitCode == 0, saved.Run.ToString());
        var folder = saved.CellFolder(method);
        var run = ResultTables.ReadCsv<RunRow>(Path.Combine(saved.Out, "runs.csv")).Single(r => r.CellId == Path.GetFileName(folder));

        var result = await Evaluate(folder);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("every member and the ensemble reproduce the recorded test accuracy and NLL exactly", result.Output);
        Assert.Contains($"ensemble {run.Accuracy * 100:0.00} %", System.Text.RegularExpressions.Regex.Replace(result.Output, " +", " "));
    }

    [Fact]
    public async Task Should_use_the_runs_thread_count_When_threads_are_not_given()
    {
        var result = await CliHarness.RunAsync(["evaluate", saved.CellFolder("dense-ensemble"), .. CliHarness.PluginArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("(1 thread(s); the run used 1 on cpu)", result.Output);
        Assert.Contains("reproduce the recorded test accuracy and NLL exactly", result.Output);
    }

    [Fact]
    public async Task Should_report_the_ensemble_under_corruption_and_against_an_ood_set_When_asked()
    {
        var result = await Evaluate(saved.CellFolder("edst-ensemble"), "--corruptions", "contrast", "--corruptions", "rotation", "--severities", "2", "--ood", "synthetic");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("contrast severity 2: accuracy", result.Output);
        Assert.Contains("rotation severity 2: accuracy", result.Output);
        Assert.Contains("OoD synthetic: AUROC 0.5000", result.Output);
    }

    public static TheoryData<string, string> BrokenFolders => new()
    {
        { "no-manifest", "model.json: not found" },
        { "bad-json", "model.json: not a valid model.json" },
        { "other-architecture", "model.json: architecture 'lenet5' cannot take input_shape [1, 8, 8]" },
        { "other-classes", "member-0.safetensors: does not match architecture 'mlp-300-100' of model.json; other shape: fc3.weight, fc3.bias" },
        { "unknown-architecture", "model.json: architecture: " },
        { "missing-member", "member 1: file 'member-1.safetensors' is not in" },
        { "truncated-member", "member-0.safetensors: not a safetensors file" },
        { "foreign-file", "member 0: file '../member-0.safetensors' is not in" },
    };

    [Theory]
    [MemberData(nameof(BrokenFolders))]
    public async Task Should_fail_with_one_line_naming_the_file_When_a_saved_folder_is_broken(string broken, string expected)
    {
        var folder = saved.CopyOf("dst-ensemble", broken);
        var manifest = Path.Combine(folder, ModelExport.ManifestName);
        void Edit(Action<JsonNode> change)
        {
            var node = JsonNode.Parse(File.ReadAllText(manifest))!;
            change(node);
            File.WriteAllText(manifest, node.ToJsonString());
        }

        switch (broken)
        {
            case "no-manifest": File.Delete(manifest); break;
            case "bad-json": File.WriteAllText(manifest, "{ \"format\": "); break;
            case "other-architecture": Edit(n => n["architecture"] = "lenet5"); break;
            case "other-classes": Edit(n => n["num_classes"] = 5); break;
            case "unknown-architecture": Edit(n => n["architecture"] = "no-such-net"); break;
            case "missing-member": File.Delete(Path.Combine(folder, "member-1.safetensors")); break;
            case "truncated-member": File.WriteAllBytes(Path.Combine(folder, "member-0.safetensors"), [1, 2, 3]); break;
            case "foreign-file": Edit(n => n["members"]![0]!["file"] = "../member-0.safetensors"); break;
        }

        var result = await Evaluate(folder);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.SingleErrorLine());
    }

    [Fact]
    public async Task Should_fail_with_one_line_When_the_dataset_has_another_input_shape()
    {
        var result = await Evaluate(saved.CellFolder("dense"), "--dataset", "mnist");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--dataset: dataset 'mnist' has inputs [1, 28, 28] and 10 classes; the saved models take [1, 8, 8] and 10", result.SingleErrorLine());
    }
}
