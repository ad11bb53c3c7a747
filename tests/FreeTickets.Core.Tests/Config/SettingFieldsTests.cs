using System.Globalization;
using System.Text.Json.Nodes;
using FreeTickets.Core.Config;

namespace FreeTickets.Core.Tests.Config;

/// <summary>
/// Every limit of <see cref="SettingFields"/> is defined once: the loader's checks and the schema both read it. Each
/// probe here goes through the loader, so a field added to the table with a range, ceiling or choices is checked by
/// these tests without a line of test code.
/// </summary>
public sealed class SettingFieldsTests
{
    private static readonly JsonObject _schema = ConfigSchema.Build();

    public static TheoryData<string> RangedFields() =>
        [.. SettingFields.All.Where(f => f.Range is not null && !ExplicitRules.OfValue.ContainsKey(f.Key)).Select(f => f.Key)];

    public static TheoryData<string> CeilingFields() => [.. SettingFields.All.Where(f => f.Ceiling is not null).Select(f => f.Key)];

    public static TheoryData<string> ChoiceFields() => [.. SettingFields.All.Where(f => f.Choices is not null).Select(f => f.Key)];

    [Theory]
    [MemberData(nameof(RangedFields))]
    public void Should_refuse_a_value_past_each_bound_with_the_ranges_wording_When_a_field_has_a_range(string key)
    {
        var field = SettingFields.ByKey[key];
        var range = field.Range!;
        var integer = IsInteger(field);
        var step = integer ? 1 : 1e-6;
        foreach (var (bound, exclusive, outward) in new[] { (range.Minimum, range.ExclusiveMinimum, -step), (range.Maximum, range.ExclusiveMaximum, step) })
        {
            if (bound is not { } b)
            {
                continue;
            }

            var inside = exclusive ? b - outward : b;
            var outside = exclusive ? b : b + outward;
            Assert.Empty(Errors(key, inside, integer));
            var error = Assert.Single(Errors(key, outside, integer));
            Assert.Equal($"matrices.m.{key}: {field.RangeMessage(Show(outside, integer))}", error);
            Assert.Contains($"must be {range.Describe()}", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(CeilingFields))]
    public void Should_accept_the_ceiling_and_refuse_one_more_When_a_field_has_a_ceiling(string key)
    {
        var ceiling = SettingFields.ByKey[key].Ceiling!.Value;

        Assert.Empty(Errors(key, ceiling, integer: true));
        Assert.Equal([$"matrices.m.{key}: must be at most {ceiling} (got {ceiling + 1})"], Errors(key, ceiling + 1.0, integer: true));
    }

    [Theory]
    [MemberData(nameof(ChoiceFields))]
    public void Should_accept_every_choice_and_name_them_all_When_a_value_is_not_one_of_them(string key)
    {
        var field = SettingFields.ByKey[key];
        var list = field.Key == "evaluation.corruptions";
        string Json(string value) => list ? $"[\"{value}\"]" : $"\"{value}\"";

        foreach (var name in field.Choices!.Names)
        {
            Assert.Empty(ErrorsOf(key, Json(name)));
        }

        Assert.Equal([$"matrices.m.{key}: unknown {field.Choices.Noun} 'nope' (expected one of {string.Join(", ", field.Choices.Names)})"], ErrorsOf(key, Json("nope")));
    }

    [Theory]
    [MemberData(nameof(ChoiceFields))]
    public void Should_list_the_same_choices_in_the_schema_When_a_field_has_choices(string key)
    {
        var field = SettingFields.ByKey[key];
        var node = _schema["$defs"]![field.Section]!["properties"]![field.Name]!;
        var values = (node["items"]?["enum"] ?? node["enum"])!.AsArray().Select(v => v!.GetValue<string>());

        Assert.Equal(field.Choices!.Names, values);
    }

    [Theory]
    [MemberData(nameof(RangedFields))]
    public void Should_write_the_same_bounds_in_the_schema_When_a_field_has_a_range(string key)
    {
        var field = SettingFields.ByKey[key];
        var node = _schema["$defs"]![field.Section]!["properties"]![field.Name]!.AsObject();
        var expected = new JsonObject();

        field.Range!.WriteTo(expected);

        foreach (var (keyword, value) in expected)
        {
            Assert.Equal(value!.GetValue<double>(), node[keyword]!.GetValue<double>());
        }

        Assert.DoesNotContain(node, p => p.Key.Contains("imum", StringComparison.Ordinal) && !expected.ContainsKey(p.Key));
    }

    [Fact]
    public void Should_check_an_edst_only_range_for_edst_only_When_another_method_inherits_the_value()
    {
        Assert.Empty(Errors("ensemble.refineEpochs", 1, integer: true, methods: "\"dense\""));
        Assert.Single(Errors("ensemble.refineEpochs", 1, integer: true, methods: "\"edst-ensemble\""));
    }

    [Fact]
    public void Should_report_own_rules_then_ceilings_then_list_entries_When_one_method_breaks_each_kind()
    {
        var errors = ErrorsOfSections("""
            "training": { "learningRate": 0 }, "ensemble": { "members": 0 },
            "evaluation": { "eceBins": 10001, "corruptions": ["nope"], "disagreement": "x" }
            """);

        Assert.Equal(
            [
                "matrices.m.training.learningRate: must be positive (got 0)",
                "matrices.m.ensemble.members: M must be at least 1 (got 0)",
                "matrices.m.evaluation.disagreement: unknown disagreement definition 'x' (expected one of pairs, released)",
                "matrices.m.evaluation.eceBins: must be at most 10000 (got 10001)",
                "matrices.m.evaluation.corruptions: unknown corruption 'nope' (expected one of gaussian-noise, gaussian-blur, rotation, contrast)",
            ],
            errors);
    }

    private static bool IsInteger(SettingField field) =>
        SettingFields.ValueIn(field, new MethodSettings()) is int;

    private static string Show(double value, bool integer) =>
        integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    private static List<string> Errors(string key, double value, bool integer, string methods = "\"edst-ensemble\"") =>
        ErrorsOf(key, integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture), methods);

    /// <summary>The errors of a one-method matrix whose section sets <paramref name="key"/> to the JSON <paramref name="value"/>.</summary>
    private static List<string> ErrorsOf(string key, string value, string methods = "\"edst-ensemble\"")
    {
        var field = SettingFields.ByKey[key];

        // Cross-field rules only the loader states: keep each pair consistent, so only the probed field can be wrong.
        var extra = key switch
        {
            "sparse.dropFraction" => ", \"dropFractionMin\": 0",
            "training.validationFraction" => ", \"selectBest\": false",
            _ => "",
        };
        return ErrorsOfSections($"\"{field.Section}\": {{ \"{field.Name}\": {value}{extra} }}", methods);
    }

    private static List<string> ErrorsOfSections(string sections, string methods = "\"edst-ensemble\"")
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: sections + ",", methods: methods));
        return [.. BenchmarkConfigLoader.Read(file.Path).Errors.Select(e => e[(file.Path.Length + 2)..])];
    }
}
