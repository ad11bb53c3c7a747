using FreeTickets.Core.Config;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

public sealed class BenchmarkConfigLoaderTests
{
    private static string RepoConfig => Path.Combine(RepoPaths.Root, "benchmarks.json");

    private static IReadOnlyList<string> Errors(string json)
    {
        using var file = new TempConfig(json);
        var (config, errors) = BenchmarkConfigLoader.Read(file.Path);
        if (errors.Count > 0)
        {
            Assert.Null(config);
        }

        return errors;
    }

    private static string SingleError(string json)
    {
        var errors = Errors(json);
        return Assert.Single(errors);
    }

    [Fact]
    public void Should_load_smoke_and_ci_When_reading_the_repository_config()
    {
        var (config, errors) = BenchmarkConfigLoader.Read(RepoConfig);

        Assert.Empty(errors);
        Assert.NotNull(config);
        Assert.Contains("smoke", config.Matrices.Keys);
        Assert.Contains("ci", config.Matrices.Keys);
        var smoke = config.Matrix("smoke");
        Assert.Equal(["synthetic"], smoke.Datasets);
        Assert.Equal(MethodNames.All, smoke.Methods);
        Assert.Equal(2, smoke.SettingsByMethod[MethodNames.Dense].Training.Epochs);
        Assert.Equal(2, smoke.SettingsByMethod[MethodNames.EdstEnsemble].Ensemble.Members);
    }

    [Fact]
    public void Should_accept_the_minimal_config_When_nothing_is_wrong()
    {
        Assert.Empty(Errors(TempConfig.Minimal()));
    }

    [Fact]
    public void Should_name_the_key_When_an_unknown_key_is_at_the_root()
    {
        var error = SingleError(TempConfig.Minimal(rootExtra: "\"matrixes\": {},"));
        Assert.Contains("matrixes", error);
        Assert.Contains("unknown key", error);
    }

    [Fact]
    public void Should_name_the_key_path_When_an_unknown_key_is_in_a_matrix()
    {
        var error = SingleError(TempConfig.Minimal(matrixExtra: "\"seed\": [1],"));
        Assert.Contains("matrices.m.seed", error);
    }

    [Fact]
    public void Should_name_the_key_path_When_an_unknown_key_is_inside_training()
    {
        var errors = Errors(TempConfig.Minimal(matrixExtra: "\"training\": { \"epoch\": 3 },", methods: "\"dense\""));
        var error = Assert.Single(errors);
        Assert.Contains("matrices.m.training.epoch", error);
    }

    [Fact]
    public void Should_name_the_key_path_When_an_unknown_key_is_inside_defaults_training()
    {
        var json = TempConfig.Minimal(methods: "\"dense\"").Replace("\"epochs\": 4", "\"epochs\": 4, \"lr\": 0.1", StringComparison.Ordinal);
        var error = Assert.Single(Errors(json));
        Assert.Contains("training.lr", error);
    }

    [Fact]
    public void Should_report_a_type_error_naming_the_field_When_epochs_is_a_string()
    {
        var error = SingleError(TempConfig.Minimal(matrixExtra: "\"training\": { \"epochs\": \"ten\" },", methods: "\"dense\""));
        Assert.Contains("training.epochs", error);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("-0.1")]
    [InlineData("0")]
    public void Should_reject_the_sparsity_When_it_is_outside_the_open_unit_interval(string sparsity)
    {
        var error = SingleError(TempConfig.Minimal(sparsities: $"[{sparsity}]"));
        Assert.Contains("sparsities[0]", error);
        Assert.Contains("sparsity must be in (0, 1)", error);
    }

    [Theory]
    [InlineData("\"training\": { \"epochs\": 0 },", "training.epochs")]
    [InlineData("\"ensemble\": { \"members\": 0 },", "ensemble.members")]
    [InlineData("\"ensemble\": { \"explorationRate\": 0 },", "ensemble.explorationRate")]
    [InlineData("\"ensemble\": { \"explorationRate\": 1.5 },", "ensemble.explorationRate")]
    [InlineData("\"sparse\": { \"updateInterval\": 0 },", "sparse.updateInterval")]
    [InlineData("\"training\": { \"batchSize\": 0 },", "training.batchSize")]
    [InlineData("\"training\": { \"momentum\": 1 },", "training.momentum")]
    [InlineData("\"sparse\": { \"dropFraction\": 1.5 },", "sparse.dropFraction")]
    [InlineData("\"ensemble\": { \"refineEpochs\": 1 },", "ensemble.refineEpochs")]
    public void Should_report_the_field_When_a_value_is_out_of_range(string section, string field)
    {
        // One sparse method only, so each range error is reported once.
        var error = SingleError(TempConfig.Minimal(matrixExtra: section, methods: "\"edst-ensemble\""));
        Assert.Contains("matrices.m." + field, error);
    }

    [Fact]
    public void Should_give_line_and_column_When_the_json_is_malformed()
    {
        var error = SingleError("{\n  \"matrices\": {\n    \"m\": { \"datasets\": [\"synthetic\" }\n  }\n}\n");
        Assert.Matches(@"invalid JSON at line 3, column \d+", error);
    }

    [Fact]
    public void Should_return_every_error_When_a_file_has_three_errors()
    {
        var json = TempConfig.Minimal(
            rootExtra: "\"bogus\": 1,",
            matrixExtra: "\"typo\": 2, \"training\": { \"epochs\": 0 },",
            methods: "\"dense\"");

        var errors = Errors(json);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("bogus", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("matrices.m.typo", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("training.epochs", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_report_a_matrix_level_error_once_When_the_matrix_has_several_methods()
    {
        var errors = Errors(TempConfig.Minimal(
            matrixExtra: "\"training\": { \"epochs\": 0 },",
            methods: "\"dense\", \"dense-ensemble\", \"dst-ensemble\", \"edst-ensemble\""));

        Assert.Single(errors);
    }

    [Fact]
    public void Should_throw_bad_input_with_the_first_error_When_loading_a_bad_file()
    {
        using var file = new TempConfig(TempConfig.Minimal(rootExtra: "\"bogus\": 1,"));
        var ex = Assert.Throws<BadInputException>(() => BenchmarkConfigLoader.Load(file.Path));
        Assert.Contains("bogus", ex.Message);
    }

    [Fact]
    public void Should_apply_a_per_method_override_only_to_that_method_When_overriding_epochs()
    {
        using var file = new TempConfig(TempConfig.Minimal(
            matrixExtra: "\"training\": { \"epochs\": 7, \"batchSize\": 64 }, \"overrides\": { \"dense\": { \"training\": { \"epochs\": 3 } } },"));
        var matrix = BenchmarkConfigLoader.Load(file.Path).Matrix("m");

        Assert.Equal(3, matrix.SettingsByMethod[MethodNames.Dense].Training.Epochs);
        Assert.Equal(64, matrix.SettingsByMethod[MethodNames.Dense].Training.BatchSize);
        Assert.Equal(7, matrix.SettingsByMethod[MethodNames.EdstEnsemble].Training.Epochs);
        Assert.Equal(64, matrix.SettingsByMethod[MethodNames.EdstEnsemble].Training.BatchSize);
    }

    [Fact]
    public void Should_take_defaults_then_matrix_values_When_merging_sections()
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: "\"ensemble\": { \"members\": 5 },"));
        var settings = BenchmarkConfigLoader.Load(file.Path).Matrix("m").SettingsByMethod[MethodNames.EdstEnsemble];

        Assert.Equal(4, settings.Training.Epochs); // from defaults
        Assert.Equal(5, settings.Ensemble.Members); // from the matrix
        Assert.Equal(0.1, settings.Training.LearningRate); // from the record's paper default
    }

    [Fact]
    public void Should_reject_an_override_When_its_method_is_not_in_the_matrix()
    {
        var error = SingleError(TempConfig.Minimal(
            matrixExtra: "\"overrides\": { \"dst-ensemble\": { \"training\": { \"epochs\": 3 } } },"));
        Assert.Contains("overrides.dst-ensemble", error);
    }

    [Fact]
    public void Should_list_available_matrices_When_a_matrix_name_is_unknown()
    {
        var config = BenchmarkConfigLoader.Load(RepoConfig);
        var ex = Assert.Throws<BadInputException>(() => config.Matrix("nope"));
        Assert.Contains("available: ablation-prune-regrow, ci, fashion-lenet5, paper-cifar10-wrn28-10, paper-cifar10-wrn28-10-m7, paper-cifar100-wrn28-10, paper-cifar100-wrn28-10-m7, released-code-ci, smoke, tour", ex.Message);
    }

    [Theory]
    [InlineData(1, 1, 4)]
    [InlineData(2, 3, 18)]
    [InlineData(3, 2, 16)]
    public void Should_expand_dense_per_seed_and_sparse_per_sparsity_and_seed_When_listing_cells(int sparsityCount, int seedCount, int expected)
    {
        var sparsities = string.Join(", ", Enumerable.Range(1, sparsityCount).Select(i => (0.5 + (0.1 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var seeds = string.Join(", ", Enumerable.Range(1, seedCount));
        var json = TempConfig.Minimal(methods: "\"dense\", \"dense-ensemble\", \"dst-ensemble\", \"edst-ensemble\"", sparsities: $"[{sparsities}]")
            .Replace("\"seeds\": [1]", $"\"seeds\": [{seeds}]", StringComparison.Ordinal);
        using var file = new TempConfig(json);

        var cells = BenchmarkConfigLoader.Load(file.Path).Matrix("m").Cells();

        Assert.Equal(expected, cells.Count);
        Assert.Equal(expected, cells.Select(c => c.Id).Distinct().Count());
        foreach (var method in new[] { MethodNames.Dense, MethodNames.DenseEnsemble })
        {
            var dense = cells.Where(c => c.Method == method).ToList();
            Assert.Equal(seedCount, dense.Count);
            Assert.All(dense, c => Assert.Equal(0.0, c.Sparsity));
        }

        foreach (var method in new[] { MethodNames.DstEnsemble, MethodNames.EdstEnsemble })
        {
            Assert.Equal(sparsityCount * seedCount, cells.Count(c => c.Method == method));
        }
    }

    [Fact]
    public void Should_give_stable_cell_ids_When_loading_the_smoke_matrix()
    {
        var ids = BenchmarkConfigLoader.Load(RepoConfig).Matrix("smoke").Cells().Select(c => c.Id).ToList();
        var again = BenchmarkConfigLoader.Load(RepoConfig).Matrix("smoke").Cells().Select(c => c.Id).ToList();

        Assert.Equal(
            [
                "dense_mlp-300-100_synthetic_s0_seed1",
                "dense-ensemble_mlp-300-100_synthetic_s0_seed1",
                "dst-ensemble_mlp-300-100_synthetic_s0.8_seed1",
                "edst-ensemble_mlp-300-100_synthetic_s0.8_seed1",
            ],
            ids);
        Assert.Equal(ids, again);
    }

    [Fact]
    public void Should_keep_the_config_hash_When_nothing_changes()
    {
        using var a = new TempConfig(TempConfig.Minimal());
        using var b = new TempConfig(TempConfig.Minimal());

        var first = BenchmarkConfigLoader.Load(a.Path).Matrix("m").Cells().Select(c => c.ConfigHash).ToList();
        var second = BenchmarkConfigLoader.Load(b.Path).Matrix("m").Cells().Select(c => c.ConfigHash).ToList();

        Assert.Equal(first, second);
        Assert.All(first, h => Assert.Matches("^[0-9a-f]{16}$", h));
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Theory]
    [InlineData("\"training\": { \"learningRate\": 0.05 },")]
    [InlineData("\"training\": { \"epochs\": 5 },")]
    [InlineData("\"sparse\": { \"updateInterval\": 7 },")]
    [InlineData("\"ensemble\": { \"members\": 4 },")]
    [InlineData("\"evaluation\": { \"eceBins\": 10 },")]
    public void Should_change_the_config_hash_When_a_hyperparameter_changes(string section)
    {
        using var a = new TempConfig(TempConfig.Minimal());
        using var b = new TempConfig(TempConfig.Minimal(matrixExtra: section));

        var before = BenchmarkConfigLoader.Load(a.Path).Matrix("m").Cells().Single(c => c.Method == MethodNames.EdstEnsemble).ConfigHash;
        var after = BenchmarkConfigLoader.Load(b.Path).Matrix("m").Cells().Single(c => c.Method == MethodNames.EdstEnsemble).ConfigHash;

        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Should_not_depend_on_the_culture_When_hashing_a_cell()
    {
        var cell = BenchmarkConfigLoader.Load(RepoConfig).Matrix("smoke").Cells()[2];
        var invariant = cell.ConfigHash;
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("ru-RU");
            Assert.Equal(invariant, cell.ConfigHash);
            Assert.Equal("dst-ensemble_mlp-300-100_synthetic_s0.8_seed1", cell.Id);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }
}
