using System.Text;
using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

/// <summary>
/// Names a config writes that end up in paths (matrix names, plugin names, so cell ids) follow <see cref="ConfigNames"/>,
/// plugin folders must exist (relative to the config file), and the file itself must be readable UTF-8 JSON text: each
/// mistake is one line naming the file and the field.
/// </summary>
public sealed class ConfigConfinementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("freetickets-confine-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string json, string name = "benchmarks.json") => WriteBytes(Encoding.UTF8.GetBytes(json), name);

    private string WriteBytes(byte[] bytes, string name = "benchmarks.json")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static IReadOnlyList<string> Errors(string path, Func<IReadOnlyList<string>, PluginCatalog>? discover = null)
    {
        var (config, errors) = BenchmarkConfigLoader.Read(path, discover);
        Assert.All(errors, e => Assert.StartsWith(path + ": ", e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain('\n', e));
        Assert.Equal(errors.Count == 0, config is not null);
        return [.. errors.Select(e => e[(path.Length + 2)..])];
    }

    private static string Minimal(string matrixExtra = "", string rootExtra = "", string name = "m") =>
        TempConfig.Minimal(matrixExtra, rootExtra).Replace("\"m\": {", $"\"{name}\": {{", StringComparison.Ordinal);

    [Fact]
    public void Should_name_the_matrix_and_the_rule_When_the_matrix_name_climbs_out_of_the_results_folder()
    {
        var error = Assert.Single(Errors(Write(Minimal(name: "../../escaped"))));

        Assert.Equal("matrices.../../escaped: matrix name must match [a-z0-9][a-z0-9._-]* (got '../../escaped')", error);
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("/etc")]
    [InlineData("CI")]
    [InlineData("")]
    public void Should_refuse_the_matrix_When_its_name_breaks_the_rule(string name)
    {
        var error = Assert.Single(Errors(Write(Minimal(name: name))));

        Assert.Equal($"matrices.{name}: matrix name must match [a-z0-9][a-z0-9._-]* (got '{name}')", error);
    }

    [Fact]
    public void Should_keep_the_error_on_one_line_When_the_matrix_name_holds_a_newline()
    {
        var error = Assert.Single(Errors(Write(Minimal(name: "a\\nb"))));

        Assert.Equal("matrices.a\\u000ab: matrix name must match [a-z0-9][a-z0-9._-]* (got 'a\\u000ab')", error);
    }

    [Fact]
    public void Should_report_the_name_and_the_matrix_errors_together_When_a_badly_named_matrix_has_other_mistakes()
    {
        var errors = Errors(Write(Minimal("\"training\": { \"epochs\": 0 },", name: "a/b")));

        Assert.Equal(
            ["matrices.a/b: matrix name must match [a-z0-9][a-z0-9._-]* (got 'a/b')", "matrices.a/b.training.epochs: must be at least 1 (got 0)"],
            errors);
    }

    [Theory]
    [InlineData("\"datasets\": [\"synthetic\"]", "\"datasets\": [\"synthetic\", \"../x\"]", "matrices.m.datasets[1]: dataset name must match [a-z0-9][a-z0-9._-]* (got '../x')")]
    [InlineData("\"architectures\": [\"mlp-300-100\"]", "\"architectures\": [\"/tmp/a\"]", "matrices.m.architectures[0]: architecture name must match [a-z0-9][a-z0-9._-]* (got '/tmp/a')")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1], \"prunes\": [\"..\"]", "matrices.m.prunes[0]: pruning criterion name must match [a-z0-9][a-z0-9._-]* (got '..')")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1], \"regrows\": [\"gradient\", \".x\"]", "matrices.m.regrows[1]: regrowth rule name must match [a-z0-9][a-z0-9._-]* (got '.x')")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1], \"sparse\": { \"prune\": \"a/../../b\" }", "matrices.m.sparse.prune: pruning criterion name must match [a-z0-9][a-z0-9._-]* (got 'a/../../b')")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1], \"overrides\": { \"edst-ensemble\": { \"sparse\": { \"regrow\": \"../r\" } } }", "matrices.m.overrides.edst-ensemble.sparse.regrow: regrowth rule name must match [a-z0-9][a-z0-9._-]* (got '../r')")]
    [InlineData("\"seeds\": [1]", "\"seeds\": [1], \"evaluation\": { \"ood\": [\"mnist\", \"../o\"] }", "matrices.m.evaluation.ood: dataset name must match [a-z0-9][a-z0-9._-]* (got '../o')")]
    public void Should_name_the_entry_When_a_plugin_name_breaks_the_rule(string from, string to, string expected)
    {
        var json = TempConfig.Minimal().Replace(from, to, StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Single(Errors(Write(json))));
    }

    [Fact]
    public void Should_report_the_name_rule_once_and_not_an_unknown_plugin_When_validating_with_plugins()
    {
        var json = TempConfig.Minimal("\"sparse\": { \"regrow\": \"../r\" },").Replace("[\"synthetic\"]", "[\"../x\"]", StringComparison.Ordinal);

        var errors = Errors(Write(json), paths => PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, .. paths]));

        Assert.Equal(
            [
                "matrices.m.datasets[0]: dataset name must match [a-z0-9][a-z0-9._-]* (got '../x')",
                "matrices.m.sparse.regrow: regrowth rule name must match [a-z0-9][a-z0-9._-]* (got '../r')",
            ],
            errors);
    }

    [Fact]
    public void Should_name_the_entry_and_the_value_When_a_plugin_folder_does_not_exist()
    {
        var error = Assert.Single(Errors(Write(TempConfig.Minimal(rootExtra: "\"pluginPaths\": [\"plugs\"],"))));

        Assert.Equal("pluginPaths[0]: folder does not exist (got 'plugs')", error);
    }

    [Fact]
    public void Should_resolve_plugin_folders_against_the_config_folder_When_the_working_folder_is_elsewhere()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "plugs"));
        var config = Write(TempConfig.Minimal(rootExtra: "\"pluginPaths\": [\"plugs\", \".\", \"../" + Path.GetFileName(_dir) + "/plugs/\"],"));
        Assert.NotEqual(_dir, Environment.CurrentDirectory);

        var loaded = BenchmarkConfigLoader.Load(config);

        Assert.Equal([Path.Combine(_dir, "plugs"), _dir, Path.Combine(_dir, "plugs") + Path.DirectorySeparatorChar], loaded.PluginPaths);
    }

    [Fact]
    public void Should_report_every_bad_folder_and_discover_only_the_good_ones_When_validating()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "plugs"));
        var config = Write(TempConfig.Minimal(rootExtra: "\"pluginPaths\": [\"plugs\", \"plugz\", \"\", \"benchmarks.json\", \"a\\u0000b\"],"));
        IReadOnlyList<string>? discovered = null;

        var errors = Errors(config, paths =>
        {
            discovered = paths;
            return PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, .. paths]);
        });

        Assert.Equal(
            [
                "pluginPaths[1]: folder does not exist (got 'plugz')",
                "pluginPaths[2]: expected a folder (got '')",
                "pluginPaths[3]: expected a folder, not a file (got 'benchmarks.json')",
                "pluginPaths[4]: not a valid path (got 'a\\u0000b')",
            ],
            errors);
        Assert.Equal([Path.Combine(_dir, "plugs")], discovered);
    }

    [Theory]
    [InlineData("\"pluginPaths\": null,", "pluginPaths: expected a list of strings (got null)")]
    [InlineData("\"defaults\": null,", "defaults: expected an object of sections (got null)")]
    public void Should_refuse_null_When_an_optional_root_key_is_written_as_null(string rootExtra, string expected)
    {
        var json = TempConfig.Minimal(rootExtra: rootExtra).Replace("\"defaults\": { \"training\": { \"epochs\": 4 } },", "", StringComparison.Ordinal);

        Assert.Equal(expected, Assert.Single(Errors(Write(json))));
    }

    [Theory]
    [InlineData("\"description\": null,", "matrices.m.description: expected a string (got null)")]
    [InlineData("\"overrides\": null,", "matrices.m.overrides: expected an object of per-method sections (got null)")]
    [InlineData("\"prunes\": null,", "matrices.m.prunes: expected a non-empty list (got null)")]
    [InlineData("\"evaluation\": { \"ood\": [null] },", "matrices.m.evaluation.ood: expected a list of strings (got [null])")]
    public void Should_refuse_null_When_an_optional_matrix_key_is_written_as_null(string matrixExtra, string expected)
    {
        Assert.Equal(expected, Assert.Single(Errors(Write(TempConfig.Minimal(matrixExtra)))));
    }

    [Theory]
    [InlineData("\"training\": { \"learningRate\": 1e999 },", "matrices.m.training.learningRate: expected a number (got 1e999)")]
    [InlineData("\"training\": { \"lrMilestones\": [0.5, 1e999] },", "matrices.m.training.lrMilestones: expected a list of numbers (got [0.5,1e999])")]
    [InlineData("\"training\": { \"epochs\": 2147483647 },", "matrices.m.training.epochs: must be at most 100000 (got 2147483647)")]
    [InlineData("\"ensemble\": { \"members\": 1001 },", "matrices.m.ensemble.members: must be at most 1000 (got 1001)")]
    [InlineData("\"evaluation\": { \"eceBins\": 10001 },", "matrices.m.evaluation.eceBins: must be at most 10000 (got 10001)")]
    [InlineData("\"evaluation\": { \"batchSize\": 2000000 },", "matrices.m.evaluation.batchSize: must be at most 1000000 (got 2000000)")]
    public void Should_refuse_the_value_When_a_number_is_infinite_or_past_any_real_setting(string matrixExtra, string expected)
    {
        Assert.Equal(expected, Assert.Single(Errors(Write(TempConfig.Minimal(matrixExtra, methods: "\"edst-ensemble\"")))));
    }

    [Fact]
    public void Should_refuse_the_list_When_a_sparsity_is_infinite()
    {
        var error = Assert.Single(Errors(Write(TempConfig.Minimal(sparsities: "[1e999]"))));

        Assert.Equal("matrices.m.sparsities: expected a list of numbers (got [1e999])", error);
    }

    [Fact]
    public void Should_skip_a_utf8_byte_order_mark_When_the_file_starts_with_one()
    {
        var path = WriteBytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(TempConfig.Minimal())]);

        Assert.Empty(Errors(path));
    }

    [Fact]
    public void Should_give_the_line_and_column_after_a_byte_order_mark_When_the_rest_is_not_utf8()
    {
        var path = WriteBytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{ \"matrices\": { \"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\": {} } }")]);

        Assert.Equal("expected UTF-8 text at line 1, column 21 (got byte 0xE9)", Assert.Single(Errors(path)));
    }

    [Fact]
    public void Should_give_line_column_and_byte_When_the_file_is_not_utf8()
    {
        var path = WriteBytes([.. Encoding.UTF8.GetBytes("{\n  \"matrices\": { \"caf"), 0xE9, .. Encoding.UTF8.GetBytes("\": {} }\n}")]);

        Assert.Equal("expected UTF-8 text at line 2, column 21 (got byte 0xE9)", Assert.Single(Errors(path)));
    }

    [Fact]
    public void Should_refuse_utf16_When_the_file_was_saved_as_utf16()
    {
        var path = WriteBytes([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(TempConfig.Minimal())]);

        Assert.Equal("expected UTF-8 text at line 1, column 1 (got byte 0xFF)", Assert.Single(Errors(path)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    public void Should_say_the_file_is_empty_When_it_holds_no_json(string text)
    {
        Assert.Equal("expected a JSON object at the top level (got an empty file)", Assert.Single(Errors(Write(text))));
    }

    [Fact]
    public void Should_refuse_a_folder_When_it_is_given_as_the_config()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "benchmarks.json")).FullName;

        Assert.Equal("expected a config file (got a folder)", Assert.Single(Errors(folder)));
    }

    [Fact]
    public void Should_stop_reading_When_the_file_is_larger_than_any_config()
    {
        var path = WriteBytes(Encoding.ASCII.GetBytes(new string(' ', (16 * 1024 * 1024) + 1)));

        Assert.Equal("expected a config file of at most 16 MiB (got more)", Assert.Single(Errors(path)));
    }
}
