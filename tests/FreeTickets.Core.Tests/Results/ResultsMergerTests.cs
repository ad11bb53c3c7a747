using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;

namespace FreeTickets.Core.Tests.Results;

public sealed class ResultsMergerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-merge-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static CellRecord Record(string method, long seed, string hash = "00112233aabbccdd", double accuracy = 0.9, double wall = 1.5, string matrix = "m")
    {
        var id = $"{method}_mlp-300-100_synthetic_s0.8_seed{seed}";
        var run = new RunRow
        {
            Matrix = matrix,
            CellId = id,
            Method = method,
            Architecture = "mlp-300-100",
            Dataset = "synthetic",
            Sparsity = 0.8,
            Seed = seed,
            Status = CellStatus.Ok,
            Members = 1,
            TrainingEpochs = 2,
            Accuracy = accuracy,
            Nll = 0.3,
            Ece = 0.01,
            Brier = 0.1,
            MemberAccuracyMean = accuracy,
            TrainFlops = 1e9,
            TrainFlopsRelDense = 0.5,
            InferenceFlops = 1e6,
            InferenceFlopsRelDense = 0.2,
            Params = 1000,
            Density = 0.2,
            WallSeconds = wall,
            PeakRssMb = 100 * wall,
            TrainSeconds = 0.75 * wall,
            InferMsB128 = wall / 8,
            InferMsB1 = wall / 64,
            ConfigHash = hash,
            Device = "cpu",
            Threads = 1,
        };
        var member = new MemberRow { Matrix = matrix, CellId = id, Method = method, Seed = seed, Accuracy = accuracy, Nll = double.NaN, ConfigHash = hash };
        var curve = new CurveRow { Matrix = matrix, CellId = id, Method = method, Seed = seed, Epoch = 0, TrainLoss = 1.25, WallSeconds = wall, ConfigHash = hash };
        return new CellRecord(run, [member], [curve]);
    }

    private string Folder(string name, params CellRecord[] records)
    {
        var dir = Dir(name);
        var store = new CellStore(dir);
        Directory.CreateDirectory(store.Folder);
        foreach (var record in records)
        {
            store.Put(record);
        }

        return dir;
    }

    /// <summary>Every file under a folder with its bytes and write time.</summary>
    private static Dictionary<string, (byte[] Bytes, DateTime Written)> Snapshot(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f)));

    private static void AssertUnchanged(Dictionary<string, (byte[] Bytes, DateTime Written)> before, string dir)
    {
        var after = Snapshot(dir);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        foreach (var (file, (bytes, written)) in before)
        {
            Assert.Equal(bytes, after[file].Bytes);
            Assert.Equal(written, after[file].Written);
        }
    }

    /// <summary>A folder as <c>run</c> leaves it: records plus tables, with old write times so rewrites show.</summary>
    private string FinishedFolder(string name, params CellRecord[] records)
    {
        var dir = Folder(name, records);
        ResultTables.WriteAll(dir, records);
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        }

        return dir;
    }

    [Fact]
    public void Should_copy_every_record_and_write_the_tables_run_writes_When_merging_disjoint_shards_into_a_new_folder()
    {
        var all = new[] { Record("dense", 1), Record("dense", 2, accuracy: 0.7), Record("edst-ensemble", 1), Record("edst-ensemble", 2, accuracy: 0.6) };
        var a = Folder("a", all[0], all[3]);
        var b = Folder("b", all[1]);
        var c = Folder("c", all[2]);
        var reference = Folder("reference", all);
        ResultTables.WriteAll(reference, new CellStore(reference).All());

        var summary = ResultsMerger.Merge([a, b, c], Dir("out"));

        Assert.Equal((4, 4, 0), (summary.Records, summary.Added, summary.Duplicates));
        Assert.Equal("m", summary.Matrix);
        Assert.Equal(2, summary.LeaderboardRows);
        Assert.Equal(["cpu, 1 thread(s), libtorch "], summary.Provenances);
        Assert.Equal([new(a, 2), new(b, 1), new(c, 1)], summary.RecordsByFolder);
        foreach (var file in ResultTables.FileNames)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, file)), File.ReadAllBytes(Path.Combine(Dir("out"), file)));
        }

        foreach (var record in all)
        {
            var name = Path.Combine("cells", record.Run.CellId + ".json");
            Assert.Equal(File.ReadAllBytes(Path.Combine(reference, name)), File.ReadAllBytes(Path.Combine(Dir("out"), name)));
        }

        Assert.Empty(Directory.EnumerateFiles(Dir("out"), "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_add_only_the_other_records_and_leave_the_existing_files_When_the_output_is_the_first_folder()
    {
        var a = FinishedFolder("a", Record("dense", 1));
        var b = Folder("b", Record("dense", 2));
        var before = Snapshot(Path.Combine(a, "cells"));

        var summary = ResultsMerger.Merge([a, b], a);

        Assert.Equal((2, 1, 0), (summary.Records, summary.Added, summary.Duplicates));
        var after = Snapshot(Path.Combine(a, "cells"));
        Assert.Equal(2, after.Count);
        var (bytes, written) = before.Single().Value;
        Assert.Equal(bytes, after[before.Single().Key].Bytes);
        Assert.Equal(written, after[before.Single().Key].Written);
        Assert.Equal(2, ResultTables.ReadCsv<RunRow>(Path.Combine(a, "runs.csv")).Count);
    }

    [Fact]
    public void Should_include_the_records_already_in_the_output_When_it_is_not_among_the_sources()
    {
        var output = FinishedFolder("out", Record("dense", 1));
        var b = Folder("b", Record("dense", 2));

        var summary = ResultsMerger.Merge([b], output);

        Assert.Equal((2, 1), (summary.Records, summary.Added));
        Assert.Equal(["dense_mlp-300-100_synthetic_s0.8_seed1", "dense_mlp-300-100_synthetic_s0.8_seed2"],
            ResultTables.ReadCsv<RunRow>(Path.Combine(output, "runs.csv")).Select(r => r.CellId));
    }

    [Fact]
    public void Should_keep_one_record_When_two_folders_hold_the_identical_record_of_a_cell()
    {
        var a = Folder("a", Record("dense", 1), Record("dense", 2));
        var b = Folder("b", Record("dense", 2), Record("dense", 3));

        var summary = ResultsMerger.Merge([a, b], Dir("out"));

        Assert.Equal((3, 3, 1), (summary.Records, summary.Added, summary.Duplicates));
        Assert.Equal(3, ResultTables.ReadCsv<RunRow>(Path.Combine(Dir("out"), "runs.csv")).Count);
        Assert.Equal(3, ResultTables.ReadCsv<CurveRow>(Path.Combine(Dir("out"), "curves.csv")).Count);
    }

    [Fact]
    public void Should_treat_records_as_duplicates_and_keep_the_output_copy_When_they_differ_only_in_measured_times_and_memory()
    {
        var a = FinishedFolder("a", Record("dense", 1, wall: 1.5));
        var b = Folder("b", Record("dense", 1, wall: 7.25));
        var before = Snapshot(Path.Combine(a, "cells"));

        var summary = ResultsMerger.Merge([b], a);

        Assert.Equal((1, 0, 1), (summary.Records, summary.Added, summary.Duplicates));
        AssertUnchanged(before, Path.Combine(a, "cells"));
        Assert.Equal(1.5, ResultTables.ReadCsv<RunRow>(Path.Combine(a, "runs.csv")).Single().WallSeconds);
        Assert.Equal(1.5 / 8, ResultTables.ReadCsv<RunRow>(Path.Combine(a, "runs.csv")).Single().InferMsB128);
    }

    [Fact]
    public void Should_compute_training_time_relative_to_dense_across_shards_When_the_dense_cell_is_in_another_folder()
    {
        // Each shard's own tables have no dense cell to compare with; the merged tables have.
        var a = FinishedFolder("a", Record("edst-ensemble", 1, wall: 6));
        var b = FinishedFolder("b", Record("dense", 1, wall: 2));
        Assert.True(double.IsNaN(ResultTables.ReadCsv<RunRow>(Path.Combine(a, "runs.csv")).Single().TrainTimeRelDense));

        ResultsMerger.Merge([a, b], Dir("out"));

        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(Dir("out"), "runs.csv")).ToDictionary(r => r.Method);
        Assert.Equal(3.0, runs["edst-ensemble"].TrainTimeRelDense);
        Assert.Equal(1.0, runs["dense"].TrainTimeRelDense);
        Assert.Equal([3.0, 1.0], ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(Dir("out"), "leaderboard.csv"))
            .OrderByDescending(r => r.TrainSecondsMean).Select(r => r.TrainTimeRelDense));
        Assert.True(double.IsNaN(CellStore.Read(Path.Combine(Dir("out"), "cells", "edst-ensemble_mlp-300-100_synthetic_s0.8_seed1.json")).Run.TrainTimeRelDense));
    }

    [Fact]
    public void Should_read_records_written_before_execution_and_measured_times_existed_When_merging_them()
    {
        var a = Folder("a", Record("dense", 1), Record("edst-ensemble", 1));
        foreach (var file in Directory.GetFiles(Path.Combine(a, "cells")))
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
            var run = json["Run"]!.AsObject();
            foreach (var name in new[] { "Execution", "TrainSeconds", "TrainTimeRelDense", "InferMsB128", "InferMsB1" })
            {
                Assert.True(run.Remove(name), name);
            }

            File.WriteAllText(file, json.ToJsonString());
        }

        ResultsMerger.Merge([a], Dir("out"));

        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(Dir("out"), "runs.csv"));
        Assert.Equal(["dense", "masked"], runs.Select(r => r.Execution));
        Assert.All(runs, r => Assert.True(double.IsNaN(r.TrainSeconds) && double.IsNaN(r.TrainTimeRelDense) && double.IsNaN(r.InferMsB128)));
        Assert.Equal(["dense", "masked"], ResultTables.ReadCsv<LeaderboardRow>(Path.Combine(Dir("out"), "leaderboard.csv")).Select(r => r.Execution));
    }

    [Fact]
    public void Should_fail_naming_both_files_and_write_nothing_When_two_records_of_a_cell_have_different_results()
    {
        var a = Folder("a", Record("dense", 1, accuracy: 0.9));
        var b = Folder("b", Record("dense", 1, accuracy: 0.8));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a, b], Dir("out")));

        Assert.Contains(Path.Combine(a, "cells", "dense_mlp-300-100_synthetic_s0.8_seed1.json"), ex.Message);
        Assert.Contains(Path.Combine(b, "cells", "dense_mlp-300-100_synthetic_s0.8_seed1.json"), ex.Message);
        Assert.Contains("different results", ex.Message);
        Assert.Contains("accuracy, member_accuracy_mean, members", ex.Message);
        Assert.False(Directory.Exists(Dir("out")));
    }

    [Fact]
    public void Should_fail_naming_both_files_When_a_cell_was_run_with_two_configs()
    {
        var a = FinishedFolder("a", Record("dense", 1, hash: "1111111111111111"), Record("dense", 2));
        var b = Folder("b", Record("dense", 1, hash: "2222222222222222"));
        var before = Snapshot(a);

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a, b], a));

        Assert.Contains(Path.Combine(a, "cells", "dense_mlp-300-100_synthetic_s0.8_seed1.json"), ex.Message);
        Assert.Contains(Path.Combine(b, "cells", "dense_mlp-300-100_synthetic_s0.8_seed1.json"), ex.Message);
        Assert.Contains("different configs (config hash 1111111111111111 vs 2222222222222222)", ex.Message);
        AssertUnchanged(before, a);
    }

    [Fact]
    public void Should_fail_naming_a_file_of_each_When_the_records_are_of_different_matrices()
    {
        var a = Folder("a", Record("dense", 1, matrix: "smoke"));
        var b = Folder("b", Record("dense", 2, matrix: "ci"));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a, b], Dir("out")));

        Assert.Contains("different matrices", ex.Message);
        Assert.Contains(Path.Combine(a, "cells"), ex.Message);
        Assert.Contains(Path.Combine(b, "cells"), ex.Message);
        Assert.False(Directory.Exists(Dir("out")));
    }

    [Theory]
    [InlineData("{ \"Run\": { \"Matrix\": \"m\", \"CellId\": \"dense_mlp-300-100_synthetic_s0.8_seed9\"")] // truncated
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{ \"Run\": { \"Matrix\": \"m\", \"CellId\": \"dense_mlp-300-100_synthetic_s0.8_seed9\" }, \"Members\": [], \"Curves\": [] }")] // no config hash
    public void Should_fail_naming_the_file_and_change_nothing_When_a_record_is_corrupt(string content)
    {
        var output = FinishedFolder("out", Record("dense", 1));
        var good = Folder("good", Record("dense", 2));
        var bad = Folder("bad");
        var corrupt = Path.Combine(bad, "cells", "dense_mlp-300-100_synthetic_s0.8_seed9.json");
        File.WriteAllText(corrupt, content);
        var before = Snapshot(output);

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([good, bad], output));

        Assert.StartsWith(corrupt + ": ", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        AssertUnchanged(before, output);
    }

    [Fact]
    public void Should_fail_When_a_record_file_is_named_after_another_cell()
    {
        var a = Folder("a", Record("dense", 1));
        File.Move(Path.Combine(a, "cells", "dense_mlp-300-100_synthetic_s0.8_seed1.json"), Path.Combine(a, "cells", "dense_mlp-300-100_synthetic_s0.8_seed7.json"));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a], Dir("out")));

        Assert.Contains("seed7.json: holds the record of cell dense_mlp-300-100_synthetic_s0.8_seed1", ex.Message);
    }

    [Fact]
    public void Should_fail_naming_the_folder_When_a_source_does_not_exist()
    {
        var a = Folder("a", Record("dense", 1));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a, Dir("missing")], a));

        Assert.Equal($"{Dir("missing")}: results folder does not exist", ex.Message);
    }

    [Fact]
    public void Should_fail_When_a_source_is_not_a_results_folder()
    {
        var a = Folder("a", Record("dense", 1));
        Directory.CreateDirectory(Dir("parent"));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([Dir("parent"), a], Dir("out")));

        Assert.Contains($"{Dir("parent")}: not a results folder", ex.Message);
    }

    [Fact]
    public void Should_accept_an_empty_shard_When_its_folder_has_tables_but_no_cells()
    {
        var a = Folder("a", Record("dense", 1));
        var empty = Dir("empty");
        ResultTables.WriteAll(empty, []);

        var summary = ResultsMerger.Merge([a, empty], Dir("out"));

        Assert.Equal(1, summary.Records);
        Assert.Equal([new(a, 1), new(empty, 0)], summary.RecordsByFolder);
    }

    [Fact]
    public void Should_fail_When_no_folder_has_a_record()
    {
        var empty = Dir("empty");
        ResultTables.WriteAll(empty, []);

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([empty], empty));

        Assert.Contains("no cell records", ex.Message);
    }

    [Fact]
    public void Should_read_a_folder_once_When_it_is_given_twice()
    {
        var a = Folder("a", Record("dense", 1));

        var summary = ResultsMerger.Merge([a, a + Path.DirectorySeparatorChar], a);

        Assert.Equal((1, 0, 0), (summary.Records, summary.Added, summary.Duplicates));
        Assert.Single(summary.RecordsByFolder);
    }

    private static CellRecord RecordOf(CellSpec cell) =>
        new(CellResults.BaseRow(cell, new Provenance("test", "t", "l", "cpu", 1)) with { Status = CellStatus.Ok, Accuracy = 0.5 }, [], []);

    [Fact]
    public void Should_report_the_missing_cells_When_merging_with_the_config()
    {
        using var config = new TempConfig(TempConfig.Minimal(methods: "\"dense\", \"dst-ensemble\", \"edst-ensemble\""));
        var loaded = BenchmarkConfigLoader.Load(config.Path);
        var cells = loaded.Matrix("m").Cells();
        var a = Folder("a", RecordOf(cells[0]));
        var b = Folder("b", RecordOf(cells[2]));

        var summary = ResultsMerger.Merge([a, b], Dir("out"), loaded);

        Assert.Equal(3, summary.ExpectedCells);
        Assert.Equal([cells[1].Id], summary.MissingCells);
        Assert.Equal(2, summary.Records);
    }

    [Fact]
    public void Should_fail_naming_the_file_When_a_record_has_an_older_config_hash_than_the_config()
    {
        using var config = new TempConfig(TempConfig.Minimal());
        var loaded = BenchmarkConfigLoader.Load(config.Path);
        var cells = loaded.Matrix("m").Cells();
        var stale = RecordOf(cells[1]) with { Run = RecordOf(cells[1]).Run with { ConfigHash = "0000000000000000" } };
        var a = Folder("a", RecordOf(cells[0]), stale);

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a], Dir("out"), loaded));

        Assert.StartsWith(Path.Combine(a, "cells", cells[1].Id + ".json") + ": config hash 0000000000000000", ex.Message);
        Assert.Contains($"{config.Path} gives {cells[1].ConfigHash}", ex.Message);
        Assert.False(Directory.Exists(Dir("out")));
    }

    [Fact]
    public void Should_fail_When_a_record_is_not_a_cell_of_the_configs_matrix()
    {
        using var config = new TempConfig(TempConfig.Minimal());
        var loaded = BenchmarkConfigLoader.Load(config.Path);
        var a = Folder("a", Record("dense", 42));

        var ex = Assert.Throws<BadInputException>(() => ResultsMerger.Merge([a], Dir("out"), loaded));

        Assert.Contains("cell dense_mlp-300-100_synthetic_s0.8_seed42 is not in matrix 'm'", ex.Message);
    }
}
