using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

/// <summary>
/// Every kind of mistake in benchmarks.json is one line naming the file, the field path where the value is written and
/// what was expected, with the value found; <see cref="BenchmarkConfigLoader.Read"/> reports all of them at once.
/// </summary>
public sealed class BenchmarkConfigBadInputTests
{
    private static IReadOnlyList<string> Errors(string json, bool withPlugins = false)
    {
        using var file = new TempConfig(json);
        var (config, errors) = withPlugins
            ? BenchmarkConfigLoader.Read(file.Path, paths => PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, .. paths]))
            : BenchmarkConfigLoader.Read(file.Path);
        Assert.All(errors, e => Assert.StartsWith(file.Path + ": ", e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
        if (errors.Count > 0)
        {
            Assert.Null(config);
        }

        return [.. errors.Select(e => e[(file.Path.Length + 2)..])];
    }

    private static string SingleError(string json, bool withPlugins = false) => Assert.Single(Errors(json, withPlugins));

    [Fact]
    public void Should_give_line_and_column_When_a_key_is_written_twice()
    {
        var error = SingleError("{\n  \"matrices\": {},\n  \"matrices\": {}\n}\n");

        Assert.Equal("invalid JSON at line 3, column 3: key 'matrices' is written twice (expected each key once)", error);
    }

    [Fact]
    public void Should_escape_the_key_When_a_key_written_twice_holds_a_newline()
    {
        var error = SingleError("{ \"matrices\": {}, \"a\\nb\": 1, \"a\\nb\": 2 }");

        Assert.Equal("invalid JSON at line 1, column 30: key 'a\\u000ab' is written twice (expected each key once)", error);
    }

    [Theory]
    [InlineData("\"matrices\": { \"m\\ud800\": {} }", "line 1, column 17")]
    [InlineData("\"matrices\": { \"m\": { \"datasets\": [\"x\\ud800\"] } }", "line 1, column 37")]
    [InlineData("\"matrices\": { \"m\": { \"description\": \"\\udc00\" } }", "line 1, column 39")]
    public void Should_give_line_and_column_When_an_escape_is_half_a_surrogate_pair(string members, string position)
    {
        var error = SingleError("{ " + members + " }");

        Assert.Equal($"invalid JSON at {position}: expected a string of whole characters (got a \\u escape of half a UTF-16 surrogate pair)", error);
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("3")]
    public void Should_name_where_a_value_is_written_When_the_methods_override_is_not_an_object(string @override)
    {
        var json = TempConfig.Minimal(matrixExtra: $"\"overrides\": {{ \"dense\": {@override} }},", methods: "\"dense\"")
            .Replace("\"epochs\": 4", "\"epochs\": 0", StringComparison.Ordinal);

        var errors = Errors(json);

        Assert.Equal([$"matrices.m.overrides.dense: expected an object of sections (got {@override})", "defaults.training.epochs: must be at least 1 (got 0)"], errors);
    }

    [Fact]
    public void Should_name_the_object_When_a_key_inside_a_matrix_is_written_twice()
    {
        var json = TempConfig.Minimal().Replace("\"seeds\": [1]", "\"seeds\": [1],\n\"seeds\": [2]", StringComparison.Ordinal);

        var error = SingleError(json);

        Assert.Matches(@"^invalid JSON at line \d+, column 1: key 'seeds' is written twice in matrices\.m \(expected each key once\)$", error);
    }

    [Theory]
    [InlineData("\"bogus\": 1,", "", "bogus: unknown key 'bogus' (expected one of $schema, pluginPaths, defaults, matrices)")]
    [InlineData("", "\"sparsity\": [0.8],", "matrices.m.sparsity: unknown key 'sparsity' (expected one of description, datasets, ")]
    [InlineData("", "\"sparse\": { \"regrowth\": \"random\" },", "matrices.m.sparse.regrowth: unknown key 'regrowth' (expected one of distribution, prune, regrow, ")]
    [InlineData("", "\"overrides\": { \"dense\": { \"optimizer\": {} } },", "matrices.m.overrides.dense.optimizer: unknown key 'optimizer' (expected one of training, sparse, ensemble, evaluation)")]
    [InlineData("", "\"overrides\": { \"dense\": { \"training\": { \"epoch\": 3 } } },", "matrices.m.overrides.dense.training.epoch: unknown key 'epoch' (expected one of epochs, ")]
    [InlineData("", "\"overrides\": { \"edst\": { \"training\": { \"epochs\": 3 } } },", "matrices.m.overrides.edst: unknown method 'edst' (expected one of dense, dense-ensemble, dst-ensemble, edst-ensemble)")]
    public void Should_name_the_key_and_list_the_known_ones_When_a_key_is_unknown(string rootExtra, string matrixExtra, string expected)
    {
        var error = SingleError(TempConfig.Minimal(matrixExtra: matrixExtra, rootExtra: rootExtra));

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_name_the_defaults_path_once_When_an_unknown_key_is_in_defaults_and_two_matrices_inherit_it()
    {
        var json = TempConfig.Minimal().Replace("\"epochs\": 4", "\"epochs\": 4, \"lr\": 0.1", StringComparison.Ordinal)
            .Replace("\"matrices\": {", "\"matrices\": { \"other\": { \"datasets\": [\"synthetic\"], \"architectures\": [\"mlp-300-100\"], \"methods\": [\"dense\"], \"seeds\": [1] },", StringComparison.Ordinal);

        var error = SingleError(json);

        Assert.StartsWith("defaults.training.lr: unknown key 'lr'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"training\": { \"epochs\": \"ten\" },", "matrices.m.training.epochs: expected a whole number (got \"ten\")")]
    [InlineData("\"training\": { \"epochs\": 2.5 },", "matrices.m.training.epochs: expected a whole number (got 2.5)")]
    [InlineData("\"training\": { \"learningRate\": null },", "matrices.m.training.learningRate: expected a number (got null)")]
    [InlineData("\"training\": { \"selectBest\": \"yes\" },", "matrices.m.training.selectBest: expected true or false (got \"yes\")")]
    [InlineData("\"training\": { \"lrMilestones\": 0.5 },", "matrices.m.training.lrMilestones: expected a list of numbers (got 0.5)")]
    [InlineData("\"sparse\": { \"prune\": 3 },", "matrices.m.sparse.prune: expected a string (got 3)")]
    [InlineData("\"training\": 5,", "matrices.m.training: expected an object (got 5)")]
    [InlineData("\"overrides\": [1],", "matrices.m.overrides: expected an object of per-method sections (got [1])")]
    [InlineData("\"description\": 3,", "matrices.m.description: expected a string (got 3)")]
    public void Should_say_what_type_was_expected_and_show_the_value_When_a_value_has_the_wrong_type(string matrixExtra, string expected)
    {
        Assert.Equal(expected, SingleError(TempConfig.Minimal(matrixExtra: matrixExtra)));
    }

    [Theory]
    [InlineData("\"seeds\": [1.5]", "matrices.m.seeds: expected a list of whole numbers (got [1.5])")]
    [InlineData("\"seeds\": \"1\"", "matrices.m.seeds: expected a list of whole numbers (got \"1\")")]
    [InlineData("\"seeds\": []", "matrices.m.seeds: must not be empty (got [])")]
    [InlineData("\"seeds\": [1, 2, 1]", "matrices.m.seeds: each value must appear once (got 1 twice)")]
    public void Should_reject_the_seed_list_When_it_is_not_a_list_of_distinct_whole_numbers(string seeds, string expected)
    {
        var json = TempConfig.Minimal().Replace("\"seeds\": [1]", seeds, StringComparison.Ordinal);

        Assert.Equal(expected, SingleError(json));
    }

    [Theory]
    [InlineData("[0.8, 0.8]", "matrices.m.sparsities: each value must appear once (got 0.8 twice)")]
    [InlineData("[0.8, 0.80001]", "matrices.m.sparsities: each value must appear once (got 0.8 and 0.80001, all s0.8 in cell ids)")]
    [InlineData("[]", "matrices.m.sparsities: must not be empty (got [])")]
    public void Should_reject_the_sparsity_list_When_values_repeat_or_it_is_empty_for_a_sparse_method(string sparsities, string expected)
    {
        Assert.Equal(expected, SingleError(TempConfig.Minimal(sparsities: sparsities)));
    }

    [Fact]
    public void Should_reject_a_method_listed_twice_When_reading_a_matrix()
    {
        var error = SingleError(TempConfig.Minimal(methods: "\"dense\", \"edst-ensemble\", \"dense\""));

        Assert.Equal("matrices.m.methods: each value must appear once (got 'dense' twice)", error);
    }

    [Theory]
    [InlineData("\"training\": { \"epochs\": -3 },", "matrices.m.training.epochs: must be at least 1 (got -3)")]
    [InlineData("\"training\": { \"epochs\": 0 },", "matrices.m.training.epochs: must be at least 1 (got 0)")]
    [InlineData("\"training\": { \"batchSize\": 0 },", "matrices.m.training.batchSize: must be at least 1 (got 0)")]
    [InlineData("\"training\": { \"validationFraction\": -0.1 },", "matrices.m.training.validationFraction: must be in [0, 0.5) (got -0.1)")]
    [InlineData("\"training\": { \"validationFraction\": 0.5 },", "matrices.m.training.validationFraction: must be in [0, 0.5) (got 0.5)")]
    [InlineData("\"training\": { \"lrMilestones\": [0.75, 0.5] },", "matrices.m.training.lrMilestones: must be strictly increasing fractions of the epochs in (0, 1) (got [0.75, 0.5])")]
    [InlineData("\"training\": { \"lrMilestones\": [0.5, 0.5] },", "matrices.m.training.lrMilestones: must be strictly increasing fractions of the epochs in (0, 1) (got [0.5, 0.5])")]
    [InlineData("\"training\": { \"lrMilestones\": [0.5, 1] },", "matrices.m.training.lrMilestones: must be strictly increasing fractions of the epochs in (0, 1) (got [0.5, 1])")]
    [InlineData("\"ensemble\": { \"members\": 0 },", "matrices.m.ensemble.members: M must be at least 1 (got 0)")]
    [InlineData("\"ensemble\": { \"explorationRate\": 0 },", "matrices.m.ensemble.explorationRate: q must be in (0, 1] (got 0)")]
    [InlineData("\"ensemble\": { \"explorationRate\": 1.01 },", "matrices.m.ensemble.explorationRate: q must be in (0, 1] (got 1.01)")]
    [InlineData("\"ensemble\": { \"refineEpochs\": 1 },", "matrices.m.ensemble.refineEpochs: must be at least 2: each phase has two learning-rate halves (got 1)")]
    [InlineData("\"sparse\": { \"updateInterval\": 0 },", "matrices.m.sparse.updateInterval: Delta T must be at least 1 iteration (got 0)")]
    [InlineData("\"sparse\": { \"dropFraction\": -0.1 },", "matrices.m.sparse.dropFraction: must be in [0, 1] (got -0.1)")]
    [InlineData("\"sparse\": { \"dropFraction\": 1.5 },", "matrices.m.sparse.dropFraction: must be in [0, 1] (got 1.5)")]
    [InlineData("\"evaluation\": { \"batchSize\": 0 },", "matrices.m.evaluation.batchSize: must be at least 1 (got 0)")]
    [InlineData("\"sparse\": { \"distribution\": \"erdos\" },", "matrices.m.sparse.distribution: unknown distribution 'erdos' (expected one of erk, er, uniform)")]
    [InlineData("\"sparse\": { \"dropSchedule\": \"linear\" },", "matrices.m.sparse.dropSchedule: unknown drop schedule 'linear' (expected one of constant, cosine)")]
    public void Should_say_the_allowed_range_and_the_value_When_a_value_is_out_of_range(string matrixExtra, string expected)
    {
        // Only edst-ensemble, so each error is reported once.
        Assert.Equal(expected, SingleError(TempConfig.Minimal(matrixExtra: matrixExtra, methods: "\"edst-ensemble\"")));
    }

    [Fact]
    public void Should_name_the_override_path_When_an_out_of_range_value_comes_from_a_method_override()
    {
        var error = SingleError(TempConfig.Minimal(matrixExtra: "\"overrides\": { \"dense\": { \"training\": { \"epochs\": 0 } } },"));

        Assert.Equal("matrices.m.overrides.dense.training.epochs: must be at least 1 (got 0)", error);
    }

    [Fact]
    public void Should_name_the_defaults_path_When_an_out_of_range_value_comes_from_defaults()
    {
        var error = SingleError(TempConfig.Minimal().Replace("\"epochs\": 4", "\"epochs\": 0", StringComparison.Ordinal));

        Assert.Equal("defaults.training.epochs: must be at least 1 (got 0)", error);
    }

    [Fact]
    public void Should_reject_a_config_without_matrices_When_the_object_is_empty()
    {
        Assert.Equal("matrices: expected at least one matrix (got {})", SingleError("{ \"matrices\": {} }"));
    }

    [Fact]
    public void Should_report_type_range_and_key_errors_of_one_file_together_When_reading_it()
    {
        var json = TempConfig.Minimal(
            matrixExtra: "\"training\": { \"batchSize\": \"big\", \"epochs\": 0 }, \"sparse\": { \"dropFraction\": 2, \"flavour\": 1 },",
            methods: "\"edst-ensemble\"");

        var errors = Errors(json);

        Assert.Equal(
            [
                "matrices.m.training.batchSize: expected a whole number (got \"big\")",
                "matrices.m.sparse.flavour: unknown key 'flavour' (expected one of distribution, prune, regrow, updateInterval, dropFraction, dropSchedule, dropFractionMin, regrownMomentum, maskInit, execution)",
                "matrices.m.training.epochs: must be at least 1 (got 0)",
                "matrices.m.sparse.dropFraction: must be in [0, 1] (got 2)",
            ],
            errors);
    }

    [Theory]
    [InlineData("\"datasets\": [\"synthetic\", \"cifar-11\"]", "matrices.m.datasets[1]: unknown dataset 'cifar-11'; available: ")]
    [InlineData("\"architectures\": [\"resnet-9000\"]", "matrices.m.architectures[0]: unknown architecture 'resnet-9000'; available: ")]
    public void Should_name_the_list_entry_and_the_available_plugins_When_a_plugin_name_is_unknown(string list, string expected)
    {
        var key = list[1..list.IndexOf('"', 1)];
        var json = TempConfig.Minimal().Replace($"\"{key}\": [\"{(key == "datasets" ? "synthetic" : "mlp-300-100")}\"]", list, StringComparison.Ordinal);

        var error = SingleError(json, withPlugins: true);

        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Contains(key == "datasets" ? "mnist, svhn, synthetic" : "mlp-300-100", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"sparse\": { \"prune\": \"magnitud\" },", "matrices.m.sparse.prune: unknown pruning criterion 'magnitud'; available: magnitude, random, set, taylor")]
    [InlineData("\"sparse\": { \"regrow\": \"rigl\" },", "matrices.m.sparse.regrow: unknown regrowth rule 'rigl'; available: gradient, gradient-momentum, momentum, random")]
    public void Should_name_the_field_and_the_available_plugins_When_a_sparse_plugin_name_is_unknown(string matrixExtra, string expected)
    {
        Assert.Equal(expected, SingleError(TempConfig.Minimal(matrixExtra: matrixExtra), withPlugins: true));
    }

    [Fact]
    public void Should_report_unknown_plugins_together_with_other_errors_When_validating_with_plugins()
    {
        var json = TempConfig.Minimal(matrixExtra: "\"training\": { \"epochs\": 0 }, \"sparse\": { \"regrow\": \"rigl\" },", methods: "\"edst-ensemble\"")
            .Replace("[\"synthetic\"]", "[\"cifar-11\"]", StringComparison.Ordinal);

        var errors = Errors(json, withPlugins: true);

        Assert.Equal(3, errors.Count);
        Assert.Contains("matrices.m.training.epochs: must be at least 1 (got 0)", errors);
        Assert.Contains(errors, e => e.StartsWith("matrices.m.sparse.regrow: unknown regrowth rule 'rigl'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("matrices.m.datasets[0]: unknown dataset 'cifar-11'", StringComparison.Ordinal));
    }
}
