using System.Globalization;
using System.Text.Json.Nodes;
using FreeTickets.Core.Config;
using FreeTickets.Tests.Shared;
using Json.Schema;

namespace FreeTickets.Core.Tests.Config;

/// <summary>The shipped JSON Schema: up to date, accepted by editors' validators, and in agreement with the loader.</summary>
public sealed class ConfigSchemaTests
{
    private static readonly JsonSchema _schema = JsonSchema.FromText(ConfigSchema.ToJson());

    public static TheoryData<string> NumericFields() => [.. SettingFields.All.Where(f => f.Range?.Minimum is not null || f.Range?.Maximum is not null).Select(f => f.Key)];

    [Fact]
    public void Should_match_the_committed_schema_file()
    {
        var path = Path.Combine(RepoPaths.Root, "benchmarks.schema.json");
        if (Environment.GetEnvironmentVariable("FREETICKETS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, ConfigSchema.ToJson());
        }

        Assert.True(File.ReadAllText(path) == ConfigSchema.ToJson(),
            "benchmarks.schema.json is stale: rerun the tests with FREETICKETS_UPDATE_GOLDEN=1 (or `dotnet freetickets-bench schema --out benchmarks.schema.json`)");
    }

    [Fact]
    public void Should_validate_the_repository_config_and_reference_the_schema()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "benchmarks.json"));

        var result = _schema.Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("; ", result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.Equal("./benchmarks.schema.json", JsonNode.Parse(text)!["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Should_describe_every_setting_the_loader_binds()
    {
        var bound = SettingFields.Sections.SelectMany(s => s.Type.GetProperties().Select(p => $"{s.Name}.{char.ToLowerInvariant(p.Name[0])}{p.Name[1..]}"));

        Assert.Equal(bound.Order(StringComparer.Ordinal), SettingFields.ByKey.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(NumericFields))]
    public void Should_accept_and_reject_the_same_values_as_the_loader_When_probing_a_fields_bounds(string field)
    {
        var spec = SettingFields.ByKey[field].Range!;
        var integer = field is "training.epochs" or "training.batchSize" or "sparse.updateInterval" or "ensemble.members"
            or "ensemble.exploreEpochs" or "ensemble.refineEpochs" or "evaluation.batchSize" or "evaluation.eceBins";
        var step = integer ? 1.0 : 1e-6;
        var probes = new List<double>();
        foreach (var bound in new[] { spec.Minimum, spec.Maximum }.OfType<double>())
        {
            probes.AddRange([bound - step, bound, bound + step]);
        }

        foreach (var value in probes)
        {
            var json = Config(field, value, integer);
            var schemaSays = _schema.Evaluate(JsonNode.Parse(json)).IsValid;
            using var file = new TempConfig(json);
            var loaderSays = BenchmarkConfigLoader.Read(file.Path).Errors.Count == 0;
            Assert.True(schemaSays == loaderSays, $"{field} = {value}: schema {(schemaSays ? "accepts" : "rejects")}, loader {(loaderSays ? "accepts" : "rejects")}");
        }
    }

    [Fact]
    public void Should_reject_an_unknown_key_like_the_loader()
    {
        var json = TempConfig.Minimal(matrixExtra: "\"trainning\": { \"epochs\": 3 },");

        Assert.False(_schema.Evaluate(JsonNode.Parse(json)).IsValid);
        using var file = new TempConfig(json);
        Assert.NotEmpty(BenchmarkConfigLoader.Read(file.Path).Errors);
    }

    [Theory]
    [InlineData("\"../../escaped\": { \"datasets\": [\"synthetic\"], \"architectures\": [\"mlp-300-100\"], \"methods\": [\"dense\"], \"seeds\": [1] }")]
    [InlineData("\"m\": { \"datasets\": [\"../synthetic\"], \"architectures\": [\"mlp-300-100\"], \"methods\": [\"dense\"], \"seeds\": [1] }")]
    [InlineData("\"m\": { \"datasets\": [\"synthetic\"], \"architectures\": [\"mlp-300-100\"], \"methods\": [\"dst-ensemble\"], \"sparsities\": [0.8], \"seeds\": [1], \"sparse\": { \"prune\": \"/tmp/x\" } }")]
    public void Should_reject_a_name_that_is_not_a_plain_file_name_like_the_loader(string matrix)
    {
        var json = $$"""{ "matrices": { {{matrix}} } }""";

        Assert.False(_schema.Evaluate(JsonNode.Parse(json)).IsValid);
        using var file = new TempConfig(json);
        Assert.NotEmpty(BenchmarkConfigLoader.Read(file.Path).Errors);
    }

    // A valid config whose defaults set one field; a sparse method is listed so sparse settings are bound and checked.
    private static string Config(string field, double value, bool integer)
    {
        var (section, name) = (field[..field.IndexOf('.', StringComparison.Ordinal)], field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..]);
        var number = integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
        // Cross-field rules only the loader states: dropFractionMin must not exceed dropFraction, and selecting the
        // best-validation checkpoint needs a validation split. Keep each pair consistent.
        var extra = field switch
        {
            "sparse.dropFractionMin" => ", \"dropFraction\": 1",
            "sparse.dropFraction" => ", \"dropFractionMin\": 0",
            "training.validationFraction" => ", \"selectBest\": false",
            _ => "",
        };
        return $$"""
            {
              "defaults": { "{{section}}": { "{{name}}": {{number}}{{extra}} } },
              "matrices": {
                "m": {
                  "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["dense", "edst-ensemble"],
                  "sparsities": [0.8], "seeds": [1]
                }
              }
            }
            """;
    }
}
