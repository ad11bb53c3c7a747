using System.Text.Json.Nodes;
using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Tests.Shared;
using Json.Schema;

namespace FreeTickets.Core.Tests.Config;

/// <summary>evaluation.ood / corruptions / severities: one-line errors naming the field, the schema agrees, hashes stay put.</summary>
public sealed class RobustnessConfigTests
{
    private static readonly JsonSchema _schema = JsonSchema.FromText(ConfigSchema.ToJson());

    private static IReadOnlyList<string> Errors(string evaluation)
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: $"\"evaluation\": {evaluation},"));
        return BenchmarkConfigLoader.Read(file.Path).Errors;
    }

    private static List<string> Hashes(string matrixExtra)
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: matrixExtra));
        return [.. BenchmarkConfigLoader.Load(file.Path).Matrix("m").Cells().Select(c => c.ConfigHash)];
    }

    [Fact]
    public void Should_read_the_robustness_settings()
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra:
            "\"evaluation\": { \"ood\": [\"mnist\"], \"corruptions\": [\"rotation\", \"contrast\"], \"severities\": [2, 5] },"));

        var evaluation = BenchmarkConfigLoader.Load(file.Path).Matrix("m").Cells()[0].Settings.Evaluation;

        Assert.Equal(["mnist"], evaluation.Ood);
        Assert.Equal(["rotation", "contrast"], evaluation.Corruptions);
        Assert.Equal([2, 5], evaluation.Severities);
    }

    [Theory]
    [InlineData("{ \"corruptions\": [\"fog\"] }", "matrices.m.evaluation.corruptions: unknown corruption 'fog' (expected one of gaussian-noise, gaussian-blur, rotation, contrast)")]
    [InlineData("{ \"corruptions\": [\"rotation\"], \"severities\": [0, 3] }", "matrices.m.evaluation.severities: must be distinct whole numbers in 1..5")]
    [InlineData("{ \"severities\": [6] }", "matrices.m.evaluation.severities: must be distinct whole numbers in 1..5")]
    [InlineData("{ \"severities\": [] }", "matrices.m.evaluation.severities: must be distinct whole numbers in 1..5")]
    [InlineData("{ \"corruptions\": [\"rotation\", \"rotation\"] }", "matrices.m.evaluation.corruptions: each corruption must appear once")]
    [InlineData("{ \"ood\": [\"mnist\", \"mnist\"] }", "matrices.m.evaluation.ood: must list distinct dataset plugin names")]
    [InlineData("{ \"ood\": \"mnist\" }", "matrices.m.evaluation.ood: expected a list of strings (got \"mnist\")")]
    [InlineData("{ \"severities\": [1.5] }", "matrices.m.evaluation.severities: expected a list of whole numbers (got [1.5])")]
    public void Should_report_one_line_naming_the_field_When_a_robustness_setting_is_wrong(string evaluation, string expected)
    {
        var errors = Errors(evaluation);

        var error = Assert.Single(errors);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("{ \"corruptions\": [\"fog\"] }")]
    [InlineData("{ \"corruptions\": [\"rotation\", \"rotation\"] }")]
    [InlineData("{ \"severities\": [0] }")]
    [InlineData("{ \"severities\": [1] }")]
    [InlineData("{ \"severities\": [5] }")]
    [InlineData("{ \"severities\": [6] }")]
    [InlineData("{ \"severities\": [] }")]
    [InlineData("{ \"severities\": [2, 2] }")]
    [InlineData("{ \"corruptions\": [\"gaussian-noise\", \"gaussian-blur\", \"rotation\", \"contrast\"], \"ood\": [\"mnist\"] }")]
    public void Should_accept_and_reject_the_same_values_as_the_loader_When_probing_robustness_settings(string evaluation)
    {
        var json = TempConfig.Minimal(matrixExtra: $"\"evaluation\": {evaluation},");

        var schemaSays = _schema.Evaluate(JsonNode.Parse(json)).IsValid;
        using var file = new TempConfig(json);
        var loaderSays = BenchmarkConfigLoader.Read(file.Path).Errors.Count == 0;

        Assert.True(schemaSays == loaderSays, $"{evaluation}: schema {(schemaSays ? "accepts" : "rejects")}, loader {(loaderSays ? "accepts" : "rejects")}");
    }

    [Fact]
    public void Should_keep_the_config_hash_When_robustness_settings_are_written_with_their_defaults()
    {
        var none = Hashes("");
        var defaults = Hashes("\"evaluation\": { \"ood\": [], \"corruptions\": [], \"severities\": [1, 2, 3, 4, 5] },");

        Assert.Equal(none, defaults);
    }

    [Theory]
    [InlineData("\"evaluation\": { \"ood\": [\"mnist\"] },")]
    [InlineData("\"evaluation\": { \"corruptions\": [\"contrast\"] },")]
    [InlineData("\"evaluation\": { \"severities\": [5] },")]
    public void Should_change_the_config_hash_When_a_robustness_setting_is_set(string matrixExtra)
    {
        var none = Hashes("");
        var set = Hashes(matrixExtra);

        Assert.All(none.Zip(set), p => Assert.NotEqual(p.First, p.Second));
    }

    [Fact]
    public void Should_keep_the_hashes_of_the_committed_ci_results()
    {
        var matrix = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json")).Matrix("ci");
        var committed = ResultTables.ReadCsv<RunRow>(Path.Combine(RepoPaths.Root, "results", "ci", "runs.csv")).ToDictionary(r => r.CellId, r => r.ConfigHash);

        Assert.NotEmpty(committed);
        Assert.All(matrix.Cells(), c => Assert.Equal(committed[c.Id], c.ConfigHash));
    }
}
