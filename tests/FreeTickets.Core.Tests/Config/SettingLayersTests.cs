using System.Text.Json.Nodes;
using FreeTickets.Core.Config;

namespace FreeTickets.Core.Tests.Config;

/// <summary>defaults, then the matrix, then overrides.&lt;method&gt;: the merge, and where each value is written.</summary>
public sealed class SettingLayersTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static SettingLayers Layers()
    {
        var defaults = Json("""{ "training": { "epochs": 4, "batchSize": 64 } }""");
        var matrix = Json("""{ "training": { "epochs": 5 }, "overrides": { "dense": { "training": { "momentum": 0.5 } } } }""");
        var overrides = matrix["overrides"]!.AsObject();
        return new SettingLayers("matrices.m", defaults, defaults, matrix, Json("""{ "training": { "epochs": 5 } }"""), overrides,
            new Dictionary<string, JsonObject> { ["dense"] = Json("""{ "training": { "momentum": 0.5 } }""") });
    }

    [Fact]
    public void Should_merge_objects_key_by_key_and_replace_anything_else_When_merging_two_layers()
    {
        var merged = SettingLayers.Merge(Json("""{ "a": { "x": 1, "y": [1, 2] }, "b": 1 }"""), Json("""{ "a": { "y": [3] }, "c": 2 }"""));

        Assert.Equal("""{"a":{"x":1,"y":[3]},"b":1,"c":2}""", merged.ToJsonString());
    }

    [Fact]
    public void Should_apply_the_override_of_the_method_only_When_merging_a_methods_settings()
    {
        var layers = Layers();

        Assert.Equal("""{"training":{"epochs":5,"batchSize":64,"momentum":0.5}}""", layers.Merged("dense").ToJsonString());
        Assert.Equal("""{"training":{"epochs":5,"batchSize":64}}""", layers.Merged("edst-ensemble").ToJsonString());
    }

    [Theory]
    [InlineData("training.momentum", "dense", "matrices.m.overrides.dense.training.momentum")]
    [InlineData("training.momentum", "edst-ensemble", "matrices.m.training.momentum (built-in default)")]
    [InlineData("training.epochs", "dense", "matrices.m.training.epochs")]
    [InlineData("training.batchSize", "dense", "defaults.training.batchSize")]
    [InlineData("sparse.prune", "dense", "matrices.m.sparse.prune (built-in default)")]
    public void Should_name_the_top_layer_that_writes_the_field_When_asked_where_a_value_comes_from(string field, string method, string expected)
    {
        Assert.Equal(expected, Layers().Origin(field, method));
    }
}
