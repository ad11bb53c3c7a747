using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Config;

/// <summary>
/// The JSON Schema (draft 2020-12) of <c>benchmarks.json</c>, built from the settings records the loader binds (names,
/// types and defaults come from the records themselves) plus one table of descriptions and ranges. Editors use it for
/// completion and squiggles; tests hold the loader and the schema to the same accept/reject decisions.
/// </summary>
public static class ConfigSchema
{
    /// <summary>Describes one setting: what it means and, for numbers, the range the loader accepts.</summary>
    internal sealed record Field(string Description, double? Minimum = null, double? Maximum = null, bool ExclusiveMinimum = false,
        bool ExclusiveMaximum = false, IReadOnlyList<string>? Enum = null, double? ItemMinimum = null, double? ItemMaximum = null,
        bool IsName = false);

    /// <summary>Every setting, keyed by "section.field" (camelCase, as in the file).</summary>
    internal static IReadOnlyDictionary<string, Field> Fields { get; } = new Dictionary<string, Field>(StringComparer.Ordinal)
    {
        ["training.epochs"] = new("Epochs of one dense or DST run (E).", Minimum: 1),
        ["training.batchSize"] = new("Mini-batch size.", Minimum: 1),
        ["training.learningRate"] = new("Initial SGD learning rate.", Minimum: 0, ExclusiveMinimum: true),
        ["training.momentum"] = new("SGD momentum factor (dampening 0, no Nesterov).", Minimum: 0, Maximum: 1, ExclusiveMaximum: true),
        ["training.weightDecay"] = new("L2 weight decay added to the gradient.", Minimum: 0),
        ["training.lrMilestones"] = new("Fractions of the epochs at which the LR is multiplied by lrGamma (dense and DST).", ItemMinimum: 0, ItemMaximum: 1),
        ["training.lrGamma"] = new("LR multiplier at each milestone.", Minimum: 0, Maximum: 1, ExclusiveMinimum: true),
        ["training.validationFraction"] = new("Share of the training set held out for validation (never augmented).", Minimum: 0, Maximum: 0.5, ExclusiveMaximum: true),
        ["training.validationSplit"] = new("Which examples are held out: random (a seeded permutation, the same for every cell of a dataset) or tail (the last validationFraction of the training set in file order, as the released FreeTickets code does).", Enum: ValidationSplits.Names),
        ["training.selectBest"] = new("Report the best-validation checkpoint (per member; per refinement phase for EDST tickets), as the released FreeTickets code does; false reports the last epoch. The test set is never used."),
        ["sparse.distribution"] = new("Per-layer density distribution at the target sparsity.", Enum: DensityDistributions.Names),
        ["sparse.prune"] = new("Pruning criterion plugin (the paper's death rule), e.g. magnitude.", IsName: true),
        ["sparse.regrow"] = new("Regrowth rule plugin (the paper's growth rule), e.g. gradient (RigL) or random (SET).", IsName: true),
        ["sparse.updateInterval"] = new("Delta T: optimizer steps between topology updates.", Minimum: 1),
        ["sparse.dropFraction"] = new("p: share of each layer's active weights pruned and regrown at an update (the paper's death rate).", Minimum: 0, Maximum: 1),
        ["sparse.dropSchedule"] = new("How p decays over training.", Enum: DropSchedules.Names),
        ["sparse.dropFractionMin"] = new("Final p of the cosine schedule (at most dropFraction).", Minimum: 0, Maximum: 1),
        ["sparse.regrownMomentum"] = new("SGD momentum of inactive weights: zero (masked, so regrown weights start from zero momentum, as RigL) or keep (the buffer stays dense and regrown weights inherit it, as the released FreeTickets code does).", Enum: Sparsity.RegrownMomentum.Names),
        ["sparse.maskInit"] = new("Initial masks: exact (exactly round(density * n) active weights per layer) or bernoulli (each weight active with probability density, as the released FreeTickets code does).", Enum: Sparsity.MaskInit.Names),
        ["ensemble.members"] = new("M: members of dense/DST ensembles, tickets of EDST.", Minimum: 1),
        ["ensemble.exploreEpochs"] = new("EDST exploration epochs at the initial LR.", Minimum: 0),
        ["ensemble.refineEpochs"] = new("EDST epochs per refinement phase (first half LR/10, second half LR/100, so at least 2).", Minimum: 2),
        ["ensemble.explorationRate"] = new("q: share of connections re-drawn by EDST's global exploration between tickets.", Minimum: 0, Maximum: 1, ExclusiveMinimum: true),
        ["evaluation.batchSize"] = new("Batch size for validation and test predictions.", Minimum: 1),
        ["evaluation.eceBins"] = new("Equal-width confidence bins of the ECE (the released FreeTickets code's np.linspace(0, 1, 15) edges make 14).", Minimum: 1),
        ["evaluation.disagreement"] = new("The disagreement column: pairs (mean over member pairs of the share of differing predictions) or released (the released FreeTickets code: 0.001 added to every nonzero pair, mean over nonzero pairs).", Enum: Metrics.DisagreementDefinitions.Names),
        ["evaluation.ood"] = new("Dataset plugins whose test split is the out-of-distribution set of the max-softmax OoD AUROC (same input shape as the matrix's datasets).", IsName: true),
        ["evaluation.corruptions"] = new("Generated corruptions of the test set (accuracy, NLL, ECE under corruption).", Enum: Robustness.Corruptions.Names),
        ["evaluation.severities"] = new("Severities of every corruption.", ItemMinimum: 1, ItemMaximum: 5),
    };

    /// <summary>The settings sections and the records they bind to.</summary>
    internal static IReadOnlyList<(string Name, Type Type, object Defaults)> Sections { get; } =
    [
        ("training", typeof(TrainingSettings), new TrainingSettings()),
        ("sparse", typeof(SparseSettings), new SparseSettings()),
        ("ensemble", typeof(EnsembleSettings), new EnsembleSettings()),
        ("evaluation", typeof(EvaluationSettings), new EvaluationSettings()),
    ];

    /// <summary>The schema as indented JSON text.</summary>
    public static string ToJson() => Build().ToJsonString(new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }) + "\n";

    /// <summary>Builds the schema.</summary>
    public static JsonObject Build()
    {
        var sections = new JsonObject();
        foreach (var (name, type, defaults) in Sections)
        {
            sections[name] = Section(name, type, defaults);
        }

        var sectionRefs = new Func<JsonObject>(() =>
        {
            var o = new JsonObject();
            foreach (var (name, _, _) in Sections)
            {
                o[name] = new JsonObject { ["$ref"] = $"#/$defs/{name}" };
            }

            return o;
        });

        var methods = new JsonArray([.. MethodNames.All.Select(m => (JsonNode)m)]);
        var matrixProperties = new JsonObject
        {
            ["description"] = Text("What the matrix is for (shown by validate and in reports)."),
            ["datasets"] = Names("Dataset plugins (see `list`).", minItems: 1),
            ["architectures"] = Names("Architecture plugins (see `list`).", minItems: 1),
            ["methods"] = new JsonObject
            {
                ["description"] = "Methods to run.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["uniqueItems"] = true,
                ["items"] = new JsonObject { ["enum"] = methods.DeepClone() },
            },
            ["sparsities"] = new JsonObject
            {
                ["description"] = "Sparsities S = 1 - density of the sparse methods (required when a sparse method is listed).",
                ["type"] = "array",
                ["uniqueItems"] = true,
                ["items"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["exclusiveMaximum"] = 1 },
            },
            ["seeds"] = new JsonObject
            {
                ["description"] = "Cell seeds; ensemble member 0 of seed s trains like a single run with seed s, every other member with a seed hashed from (s, i), so no two cells share a member.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["uniqueItems"] = true,
                ["items"] = new JsonObject { ["type"] = "integer" },
            },
            ["prunes"] = PluginAxis("Pruning criteria crossed with every sparse cell (an ablation); cell ids then name the criterion and rule. Default: each method's sparse.prune."),
            ["regrows"] = PluginAxis("Regrowth rules crossed with every sparse cell (an ablation); cell ids then name the criterion and rule. Default: each method's sparse.regrow."),
            ["overrides"] = new JsonObject
            {
                ["description"] = "Per-method settings merged over the matrix's (e.g. a different drop schedule for edst-ensemble).",
                ["type"] = "object",
                ["propertyNames"] = new JsonObject { ["enum"] = methods.DeepClone() },
                ["additionalProperties"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = sectionRefs(),
                },
            },
        };
        foreach (var (key, value) in sectionRefs())
        {
            matrixProperties[key] = value!.DeepClone();
        }

        return new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://freetickets-bench/benchmarks.schema.json",
            ["title"] = "freetickets-bench benchmarks.json",
            ["description"] = "Named benchmark matrices: datasets x architectures x methods x sparsities x seeds, with hyperparameters (defaults, then the matrix's sections, then overrides.<method>). Unknown keys are errors.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("matrices"),
            ["properties"] = new JsonObject
            {
                ["$schema"] = Text("Path or URL of this schema (editors use it)."),
                ["pluginPaths"] = Strings("Extra plugin folders, relative to this file."),
                ["defaults"] = new JsonObject
                {
                    ["description"] = "Settings every matrix starts from.",
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = sectionRefs(),
                },
                ["matrices"] = new JsonObject
                {
                    ["description"] = "The named matrices (run --matrix NAME).",
                    ["type"] = "object",
                    ["minProperties"] = 1,
                    ["propertyNames"] = NamePattern(),
                    ["additionalProperties"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("datasets", "architectures", "methods", "seeds"),
                        ["properties"] = matrixProperties,
                    },
                },
            },
            ["$defs"] = sections,
        };
    }

    private static JsonObject Section(string section, Type type, object defaults)
    {
        var properties = new JsonObject();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var field = Fields.TryGetValue($"{section}.{name}", out var f)
                ? f
                : throw new InvalidOperationException($"ConfigSchema.Fields has no entry for {section}.{name}");
            var node = new JsonObject { ["description"] = field.Description };
            var value = property.GetValue(defaults);
            var t = property.PropertyType;
            if (t == typeof(int) || t == typeof(long))
            {
                node["type"] = "integer";
            }
            else if (t == typeof(double))
            {
                node["type"] = "number";
            }
            else if (t == typeof(bool))
            {
                node["type"] = "boolean";
            }
            else if (t == typeof(string))
            {
                node["type"] = "string";
                if (field.IsName)
                {
                    node["pattern"] = $"^{ConfigNames.Pattern}$";
                    node["maxLength"] = ConfigNames.MaxLength;
                }
            }
            else if (typeof(IEnumerable<double>).IsAssignableFrom(t))
            {
                var items = new JsonObject { ["type"] = "number" };
                Range(items, field.ItemMinimum, field.ItemMaximum, exclusiveMinimum: true, exclusiveMaximum: true);
                node["type"] = "array";
                node["items"] = items;
            }
            else if (typeof(IEnumerable<int>).IsAssignableFrom(t))
            {
                var items = new JsonObject { ["type"] = "integer" };
                Range(items, field.ItemMinimum, field.ItemMaximum, exclusiveMinimum: false, exclusiveMaximum: false);
                node["type"] = "array";
                node["minItems"] = 1;
                node["uniqueItems"] = true;
                node["items"] = items;
            }
            else if (typeof(IEnumerable<string>).IsAssignableFrom(t))
            {
                var items = field.IsName ? NamePattern() : new JsonObject { ["type"] = "string" };
                if (field.Enum is { } names)
                {
                    items["enum"] = new JsonArray([.. names.Select(v => (JsonNode)v)]);
                }

                node["type"] = "array";
                node["uniqueItems"] = true;
                node["items"] = items;
            }
            else
            {
                throw new InvalidOperationException($"ConfigSchema cannot describe {section}.{name} of type {t.Name}");
            }

            Range(node, field.Minimum, field.Maximum, field.ExclusiveMinimum, field.ExclusiveMaximum);
            if (field.Enum is { } values && node["items"] is not JsonObject)
            {
                node["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            }

            node["default"] = JsonSerializer.SerializeToNode(value);
            properties[name] = node;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    private static void Range(JsonObject node, double? minimum, double? maximum, bool exclusiveMinimum, bool exclusiveMaximum)
    {
        if (minimum is { } min)
        {
            node[exclusiveMinimum ? "exclusiveMinimum" : "minimum"] = min;
        }

        if (maximum is { } max)
        {
            node[exclusiveMaximum ? "exclusiveMaximum" : "maximum"] = max;
        }
    }

    private static JsonObject Text(string description) => new() { ["description"] = description, ["type"] = "string" };

    private static JsonObject Strings(string description, int minItems = 0)
    {
        var node = new JsonObject { ["description"] = description, ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        if (minItems > 0)
        {
            node["minItems"] = minItems;
        }

        return node;
    }

    private static JsonObject PluginAxis(string description) => new()
    {
        ["description"] = description,
        ["type"] = "array",
        ["minItems"] = 1,
        ["uniqueItems"] = true,
        ["items"] = NamePattern(),
    };

    private static JsonObject Names(string description, int minItems)
    {
        var node = Strings(description, minItems);
        node["items"] = NamePattern();
        return node;
    }

    // Matrix and plugin names become file and folder names (ConfigNames).
    private static JsonObject NamePattern() => new()
    {
        ["type"] = "string",
        ["pattern"] = $"^{ConfigNames.Pattern}$",
        ["maxLength"] = ConfigNames.MaxLength,
    };
}
