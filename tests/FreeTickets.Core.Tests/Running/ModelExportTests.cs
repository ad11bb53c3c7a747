using System.Text.Json.Nodes;
using FreeTickets.Abstractions;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using FreeTickets.Tests.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// <c>run --save-models</c> on the smoke matrix (every method, sparse and dense): the files, what is in them, that the
/// saved weights are the evaluated ones, and that saving changes no result. The run without saving is the collection's.
/// </summary>
[Collection(SmokeMatrixCollection.Name)]
public sealed class ModelExportTests(SmokeMatrixFixture smoke) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RunSummary Run(bool save = true) => new MatrixRunner(smoke.Catalog, Provenance, NullRunObserver.Instance)
        .Run(smoke.Matrix, new RunOptions(_dir, "cpu") { SaveModels = save }, CancellationToken.None);

    private static Provenance Provenance => new("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);

    [Fact]
    public void Should_save_one_file_per_member_and_a_manifest_per_cell_and_change_no_result_When_saving_models()
    {
        Run();

        Assert.False(Directory.Exists(Path.Combine(smoke.DirA, ModelExport.FolderName)), "a run without --save-models writes no models");
        foreach (var file in ResultTables.FileNames)
        {
            ResultCsv.AssertEqualExceptVolatile(Path.Combine(smoke.DirA, file), Path.Combine(_dir, file));
        }

        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(_dir, "members.csv"));
        foreach (var cell in smoke.Matrix.Cells())
        {
            var folder = new ModelExport(_dir).CellFolder(cell.Id);
            var rows = members.Where(m => m.CellId == cell.Id).ToList();
            Assert.Equal(
                [.. rows.Select(r => $"member-{r.Member}.safetensors"), ModelExport.ManifestName],
                Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ModelExport.ManifestName)))!;
            Assert.Equal(ModelExport.Format, manifest["format"]!.GetValue<string>());
            Assert.Equal(cell.ConfigHash, manifest["config_hash"]!.GetValue<string>());
            Assert.Equal(cell.Architecture, manifest["architecture"]!.GetValue<string>());
            Assert.Equal(rows.Count, manifest["members"]!.AsArray().Count);
        }
    }

    [Fact]
    public void Should_hold_the_evaluated_weights_and_their_masks_When_a_member_is_loaded_back()
    {
        Run();
        var dataset = smoke.Catalog.Resolve<IDataset>(PluginKind.Dataset, "synthetic");
        var architecture = smoke.Catalog.Resolve<IArchitecture>(PluginKind.Architecture, "mlp-300-100");
        using var test = dataset.Load(DatasetSplitKind.Test, new DatasetLoadOptions(_dir, CPU, 0, _ => { }));
        var members = ResultTables.ReadCsv<MemberRow>(Path.Combine(_dir, "members.csv"));
        var sparseMembers = 0;
        foreach (var row in members)
        {
            var path = new ModelExport(_dir).MemberFile(row.CellId, row.Member);
            var (tensors, metadata) = SafeTensors.Read(path);
            var state = tensors.ToDictionary(t => t.Name, t => t.Tensor);
            Assert.Equal(row.SelectedEpoch.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata["selected_epoch"]);
            var masks = state.Where(kv => kv.Key.EndsWith("_mask", StringComparison.Ordinal)).ToList();
            if (row.Method is MethodNames.DstEnsemble or MethodNames.EdstEnsemble)
            {
                sparseMembers++;
                Assert.NotEmpty(masks);
                var (active, total) = (0L, 0L);
                foreach (var (name, mask) in masks)
                {
                    Assert.Equal(ScalarType.Bool, mask.dtype);
                    var weight = state[name[..^"_mask".Length]];
                    Assert.Equal(0, weight.masked_select(mask.logical_not()).abs().sum().item<float>());
                    (active, total) = (active + mask.sum().item<long>(), total + mask.numel());
                }

                Assert.Equal(row.Density, (double)active / total, 6);
            }
            else
            {
                Assert.Empty(masks);
            }

            // The member's own test accuracy, from the saved weights alone.
            manual_seed(0);
            using var model = architecture.Create(new ArchitectureSpec(dataset.Spec.InputShape, dataset.Spec.NumClasses));
            model.load_state_dict(state.Where(kv => !kv.Key.EndsWith("_mask", StringComparison.Ordinal)).ToDictionary());
            model.eval();
            using var probabilities = Evaluator.Predict(model, test.Inputs, 512);
            var accuracy = probabilities.argmax(1).eq(test.Labels).to_type(ScalarType.Float64).mean().item<double>();
            Assert.Equal(row.Accuracy, accuracy, 12);
            foreach (var t in state.Values)
            {
                t.Dispose();
            }
        }

        Assert.True(sparseMembers >= 4, $"{sparseMembers} sparse member(s)");
    }

    [Fact]
    public void Should_skip_exported_cells_and_train_again_only_a_cell_without_its_models_When_resuming()
    {
        Run();
        var edst = smoke.Matrix.Cells().First(c => c.Method == MethodNames.EdstEnsemble);
        var manifest = Path.Combine(new ModelExport(_dir).CellFolder(edst.Id), ModelExport.ManifestName);
        var before = File.ReadAllBytes(new ModelExport(_dir).MemberFile(edst.Id, 0));

        Assert.Equal(0, Run().Ran);
        File.Delete(manifest);
        Assert.Equal(0, Run(save: false).Ran);
        var again = Run();

        Assert.Equal(1, again.Ran);
        Assert.True(File.Exists(manifest));
        Assert.Equal(before, File.ReadAllBytes(new ModelExport(_dir).MemberFile(edst.Id, 0)));
    }

    [Fact]
    public void Should_keep_the_config_hash_When_the_config_asks_to_save_models()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "benchmarks.json")))!;
        config["matrices"]!["smoke"]!["evaluation"] = new JsonObject { ["batchSize"] = 512, ["saveModels"] = true };
        var path = Path.Combine(_dir, "benchmarks.json");
        File.WriteAllText(path, config.ToJsonString());

        var saving = BenchmarkConfigLoader.Load(path).Matrix("smoke").Cells();

        Assert.All(saving, c => Assert.True(c.Settings.Evaluation.SaveModels));
        Assert.Equal(smoke.Matrix.Cells().Select(c => c.ConfigHash), saving.Select(c => c.ConfigHash));
    }

    [Fact]
    public void Should_carry_the_models_When_merging_a_folder_that_saved_them()
    {
        Run();
        var merged = Path.Combine(_dir, "merged");

        ResultsMerger.Merge([_dir], merged);

        foreach (var cell in smoke.Matrix.Cells())
        {
            var from = new ModelExport(_dir).CellFolder(cell.Id);
            var to = new ModelExport(merged).CellFolder(cell.Id);
            Assert.Equal(
                Directory.GetFiles(from).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f).Length)).Order(),
                Directory.GetFiles(to).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f).Length)).Order());
        }

        Assert.Empty(Directory.GetDirectories(Path.Combine(merged, ModelExport.FolderName), ".*"));
    }

    [Fact]
    public void Should_round_trip_dtypes_shapes_values_and_metadata_When_writing_and_reading_safetensors()
    {
        using var weights = randn(3, 5);
        using var mask = rand(3, 5).gt(0.5);
        using var counts = arange(4L);
        var path = Path.Combine(_dir, "t.safetensors");

        SafeTensors.Write(path, [("w", weights), ("w_mask", mask), ("n", counts)], new Dictionary<string, string> { ["k"] = "v" });
        var (tensors, metadata) = SafeTensors.Read(path);

        Assert.Equal(["w", "w_mask", "n"], tensors.Select(t => t.Name));
        Assert.True(tensors[0].Tensor.shape.SequenceEqual(weights.shape) && tensors[0].Tensor.eq(weights).all().item<bool>());
        Assert.True(tensors[1].Tensor.shape.SequenceEqual(mask.shape) && tensors[1].Tensor.eq(mask).all().item<bool>());
        Assert.True(tensors[2].Tensor.shape.SequenceEqual(counts.shape) && tensors[2].Tensor.eq(counts).all().item<bool>());
        Assert.Equal("v", metadata["k"]);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0UL, BitConverter.ToUInt64(bytes, 0) % 8);
        Assert.Equal(8 + (long)BitConverter.ToUInt64(bytes, 0) + (15 * 4) + 15 + (4 * 8), bytes.Length);
    }
}
