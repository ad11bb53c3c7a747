using System.Globalization;
using FreeTickets.Core.Results;

namespace FreeTickets.Core.Tests.Results;

public sealed class ResultTablesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-tables-").FullName;

    public static TheoryData<string> Tables => new(ResultTables.FileNames);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Results", "Golden", name);

    /// <summary>
    /// Golden file content. With FREETICKETS_UPDATE_GOLDEN=1 the actual content is written to the source tree first
    /// (review the diff before committing it).
    /// </summary>
    private static string Golden(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("FREETICKETS_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(FreeTickets.Tests.Shared.RepoPaths.Root, "tests", "FreeTickets.Core.Tests", "Results", "Golden", name);
            File.WriteAllText(source, actual);
            return actual;
        }

        return File.ReadAllText(GoldenPath(name));
    }

    private static RunRow SampleRun(int seed) => new()
    {
        Matrix = "golden",
        CellId = $"edst-ensemble_mlp-300-100_synthetic_s0.8_seed{seed}",
        Method = "edst-ensemble",
        Architecture = "mlp-300-100",
        Dataset = "synthetic",
        Sparsity = 0.8,
        Prune = "magnitude",
        Regrow = "gradient",
        Execution = "masked",
        Seed = seed,
        Status = CellStatus.Ok,
        Members = 3,
        TrainingEpochs = 18,
        Accuracy = 0.9125 + (seed * 0.001),
        Nll = 0.31415926535897931,
        Ece = 0.0123,
        Brier = 1.5e-5,
        Disagreement = 0.0625,
        PairwiseKl = 0.1,
        OodDataset = "fashion-mnist",
        OodAuroc = 0.8 + (seed * 0.0625),
        CorruptionAccuracy = 0.75,
        CorruptionNll = 0.5 + (seed * 0.25),
        CorruptionEce = 0.0625,
        MemberAccuracyMean = 0.9,
        TrainFlops = 1.234567e12,
        TrainFlopsRelDense = 0.61,
        InferenceFlops = 123456789,
        InferenceFlopsRelDense = 0.6,
        Params = 53_000,
        Density = 0.2,
        WallSeconds = 12.5,
        PeakRssMb = 512.3,
        TrainSeconds = 10 + seed,
        InferMsB128 = 1.5 * seed,
        InferMsB1 = 0.25,
        ConfigHash = "0123456789abcdef",
        ToolVersion = "0.1.0",
        TorchSharpVersion = "0.107.0",
        LibTorchVersion = "2.10.0",
        Device = "cpu",
        Threads = 1,
    };

    private static RunRow SampleDense() => SampleRun(1) with
    {
        CellId = "dense_mlp-300-100_synthetic_s0_seed1",
        Method = "dense",
        Sparsity = 0,
        Prune = "",
        Regrow = "",
        Execution = "dense",
        Members = 1,
        TrainSeconds = 4,
        InferMsB128 = 0.5,
        Disagreement = double.NaN,
        PairwiseKl = double.NaN,
        Density = 1,
    };

    private void WriteSample(string file)
    {
        var path = Path.Combine(_dir, file);
        var runs = new[] { SampleDense(), SampleRun(1), SampleRun(2) };
        switch (file)
        {
            case "leaderboard.csv":
                ResultTables.WriteCsv(path, Leaderboard.Build(runs));
                break;
            case "runs.csv":
                ResultTables.WriteCsv(path, TrainingTimes.RelativeToDense(runs));
                break;
            case "members.csv":
                ResultTables.WriteCsv(path, [new MemberRow { Method = "dense", Accuracy = 0.5, Nll = double.NaN, Density = 0.2 }]);
                break;
            case "curves.csv":
                ResultTables.WriteCsv(path, [new CurveRow { Method = "dense", LearningRate = 0.001, TrainLoss = 2.5, Phase = "refine-0" }]);
                break;
            case "robustness.csv":
                ResultTables.WriteCsv(path,
                [
                    new RobustnessRow { Method = "dense", Kind = "ood", Name = "mnist", Auroc = 0.875 },
                    new RobustnessRow { Method = "dense", Kind = "corruption", Name = "rotation", Severity = 3, Accuracy = 0.5, Nll = 1.25, Ece = 0.125 },
                ]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(file), file, null);
        }
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Should_write_the_golden_header_When_writing_a_table(string file)
    {
        WriteSample(file);

        var header = File.ReadLines(Path.Combine(_dir, file)).First();

        var golden = Golden(Path.GetFileNameWithoutExtension(file) + ".header.csv", header + "\n");
        Assert.Equal(golden.TrimEnd('\n'), header);
    }

    [Theory]
    [InlineData("runs.csv")]
    [InlineData("leaderboard.csv")]
    public void Should_match_the_golden_file_When_writing_sample_rows(string file)
    {
        WriteSample(file);
        var actual = File.ReadAllText(Path.Combine(_dir, file));

        Assert.Equal(Golden(Path.GetFileNameWithoutExtension(file) + ".sample.csv", actual), actual);
    }

    [Theory]
    [MemberData(nameof(Tables))]
    public void Should_write_invariant_decimals_When_the_culture_is_ru_RU(string file)
    {
        WriteSample(file);
        var invariant = File.ReadAllBytes(Path.Combine(_dir, file));
        File.Delete(Path.Combine(_dir, file));

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("ru-RU");
            CultureInfo.CurrentUICulture = new CultureInfo("ru-RU");
            Assert.Equal(",", CultureInfo.CurrentCulture.NumberFormat.NumberDecimalSeparator); // the test is meaningful only if so
            WriteSample(file);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }

        var russian = File.ReadAllBytes(Path.Combine(_dir, file));
        Assert.Equal(invariant, russian);
        Assert.Contains("0.", System.Text.Encoding.UTF8.GetString(russian), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_round_trip_rows_including_NaN_When_writing_then_reading()
    {
        var rows = new[] { SampleDense(), SampleRun(1) };
        var path = Path.Combine(_dir, "runs.csv");

        ResultTables.WriteCsv(path, rows);

        Assert.Equal(rows, ResultTables.ReadCsv<RunRow>(path));
    }

    [Fact]
    public void Should_read_NaN_robustness_columns_When_a_table_predates_them()
    {
        var path = Path.Combine(_dir, "runs.csv");
        ResultTables.WriteCsv(path, new[] { SampleRun(1) with { OodDataset = "mnist", OodAuroc = 0.9 } });
        var lines = File.ReadAllLines(path);
        var columns = lines[0].Split(',').Length - 5;
        File.WriteAllLines(path, lines.Select(l => string.Join(',', l.Split(',').Take(columns))));

        var row = Assert.Single(ResultTables.ReadCsv<RunRow>(path));

        Assert.Equal(SampleRun(1).Accuracy, row.Accuracy);
        Assert.Equal("", row.OodDataset);
        Assert.True(double.IsNaN(row.OodAuroc) && double.IsNaN(row.CorruptionAccuracy) && double.IsNaN(row.CorruptionNll) && double.IsNaN(row.CorruptionEce));
    }

    [Fact]
    public void Should_read_execution_from_the_method_and_NaN_times_When_a_runs_table_predates_those_columns()
    {
        var path = Path.Combine(_dir, "runs.csv");
        ResultTables.WriteCsv(path, new[] { SampleDense(), SampleRun(1) });
        DropColumns(path, "execution", "train_seconds", "train_time_rel_dense", "infer_ms_b128", "infer_ms_b1");

        var rows = ResultTables.ReadCsv<RunRow>(path);

        Assert.Equal(["dense", "masked"], rows.Select(r => r.Execution));
        Assert.All(rows, r => Assert.True(double.IsNaN(r.TrainSeconds) && double.IsNaN(r.TrainTimeRelDense) && double.IsNaN(r.InferMsB128) && double.IsNaN(r.InferMsB1)));
        Assert.Equal(SampleRun(1).Accuracy, rows[1].Accuracy);
        Assert.Equal(SampleRun(1).ConfigHash, rows[1].ConfigHash);
    }

    [Fact]
    public void Should_read_execution_from_the_method_and_NaN_times_When_a_leaderboard_predates_those_columns()
    {
        var path = Path.Combine(_dir, "leaderboard.csv");
        ResultTables.WriteCsv(path, Leaderboard.Build([SampleDense(), SampleRun(1), SampleRun(2)]));
        DropColumns(path, "execution", "train_seconds_mean", "train_time_rel_dense", "infer_ms_b128_mean", "infer_ms_b1_mean");

        var rows = ResultTables.ReadCsv<LeaderboardRow>(path);

        Assert.Equal(["dense", "masked"], rows.Select(r => r.Execution));
        Assert.All(rows, r => Assert.True(double.IsNaN(r.TrainSecondsMean) && double.IsNaN(r.TrainTimeRelDense) && double.IsNaN(r.InferMsB128Mean) && double.IsNaN(r.InferMsB1Mean)));
        Assert.Empty(LeaderboardComparer.Compare(rows, Leaderboard.Build([SampleDense(), SampleRun(1), SampleRun(2)])));
    }

    [Theory]
    [InlineData("smoke")]
    [InlineData("ci")]
    [InlineData("ablation-prune-regrow")]
    public void Should_read_a_committed_results_folder_as_masked_and_dense_When_it_was_written_before_execution_existed(string matrix)
    {
        // The committed tables, as they were written before the columns existed. Made from the files rather than trusted to
        // be them: CI runs README's quick start, which writes results/ci afresh, before the tests.
        var folder = Path.Combine(FreeTickets.Tests.Shared.RepoPaths.Root, "results", matrix);
        string[] added =
        [
            "execution", "train_seconds", "train_seconds_mean", "train_time_rel_dense", "infer_ms_b128", "infer_ms_b128_mean",
            "infer_ms_b1", "infer_ms_b1_mean",
        ];
        var old = Path.Combine(_dir, matrix);
        Directory.CreateDirectory(old);
        foreach (var file in Directory.GetFiles(folder, "*.csv"))
        {
            File.Copy(file, Path.Combine(old, Path.GetFileName(file)));
        }

        var oldRuns = WithoutColumns(Path.Combine(old, "runs.csv"), added);
        var oldLeaderboard = WithoutColumns(Path.Combine(old, "leaderboard.csv"), added);

        var runs = ResultTables.ReadCsv<RunRow>(oldRuns);
        var leaderboard = ResultTables.ReadCsv<LeaderboardRow>(oldLeaderboard);

        Assert.All(runs, r => Assert.Equal(r.Method.StartsWith("dense", StringComparison.Ordinal) ? "dense" : "masked", r.Execution));
        Assert.All(leaderboard, r => Assert.Equal(r.Method.StartsWith("dense", StringComparison.Ordinal) ? "dense" : "masked", r.Execution));
        Assert.All(runs, r => Assert.True(double.IsNaN(r.TrainSeconds) && double.IsNaN(r.InferMsB128)));

        // Rebuilt from its runs (as a resume or merge of old records does), the leaderboard is the committed one.
        var drift = LeaderboardComparer.Compare(leaderboard, Leaderboard.Build(runs));
        Assert.True(drift.Count == 0, string.Join("\n", drift));
    }

    [Fact]
    public void Should_count_every_measured_time_as_volatile_and_execution_as_a_result_When_tables_are_compared()
    {
        string[] measured =
        [
            "wall_seconds", "wall_seconds_mean", "peak_rss_mb", "train_seconds", "train_seconds_mean", "train_time_rel_dense",
            "infer_ms_b128", "infer_ms_b128_mean", "infer_ms_b1", "infer_ms_b1_mean",
        ];
        var columns = typeof(RunRow).GetProperties().Concat(typeof(LeaderboardRow).GetProperties()).Select(p => ResultTables.SnakeCase(p.Name)).ToHashSet();

        Assert.Equal(measured.Order(StringComparer.Ordinal), ResultTables.VolatileColumns.Order(StringComparer.Ordinal));
        Assert.Subset(columns, ResultTables.VolatileColumns.ToHashSet());
        Assert.DoesNotContain("execution", ResultTables.VolatileColumns);
    }

    /// <summary>Rewrites a CSV without the named columns, as a table written before they existed.</summary>
    private static void DropColumns(string path, params string[] names)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var keep = Enumerable.Range(0, header.Length).Where(i => !names.Contains(header[i])).ToList();
        Assert.Equal(header.Length - names.Length, keep.Count);
        File.WriteAllLines(path, lines.Select(l => string.Join(',', keep.Select(i => l.Split(',')[i]))));
    }

    [Fact]
    public void Should_use_lf_line_endings_When_writing_a_table()
    {
        WriteSample("runs.csv");
        Assert.DoesNotContain((byte)'\r', File.ReadAllBytes(Path.Combine(_dir, "runs.csv")));
    }

    [Theory]
    [InlineData("AccuracyMean", "accuracy_mean")]
    [InlineData("TorchSharpVersion", "torchsharp_version")]
    [InlineData("LibTorchVersion", "libtorch_version")]
    [InlineData("Ok", "ok")]
    public void Should_convert_to_snake_case_When_naming_columns(string member, string column)
    {
        Assert.Equal(column, ResultTables.SnakeCase(member));
    }

    /// <summary>Rewrites a CSV file without the named columns; returns its path.</summary>
    private static string WithoutColumns(string path, IReadOnlyCollection<string> drop)
    {
        var rows = new List<string[]>();
        using (var reader = new StreamReader(path))
        using (var parser = new CsvHelper.CsvParser(reader, CultureInfo.InvariantCulture))
        {
            while (parser.Read())
            {
                rows.Add(parser.Record!);
            }
        }

        var keep = Enumerable.Range(0, rows[0].Length).Where(i => !drop.Contains(rows[0][i])).ToArray();
        using (var writer = new StreamWriter(path))
        using (var csv = new CsvHelper.CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" }))
        {
            foreach (var row in rows)
            {
                foreach (var i in keep)
                {
                    csv.WriteField(row[i]);
                }

                csv.NextRecord();
            }
        }

        return path;
    }
}
