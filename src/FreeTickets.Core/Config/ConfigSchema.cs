using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// The JSON Schema (draft 2020-12) of <c>benchmarks.json</c>, built from the settings records the loader binds (names,
/// types and defaults come from the records themselves) plus the table of descriptions and limits the loader's checks
/// read (<see cref="SettingFields"/>). Editors use it for completion and squiggles; tests hold the loader and the schema
/// to the same accept/reject decisions.
/// </summary>
public static class ConfigSchema
{
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
        foreach (var (name, type, defaults, _) in SettingFields.Sections)
        {
            sections[name] = Section(name, type, defaults);
        }

        var sectionRefs = new Func<JsonObject>(() =>
        {
            var o = new JsonObject();
            foreach (var (name, _, _, _) in SettingFields.Sections)
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
                    ["description"] = "The named matrices, each run by its name.",
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
            var field = SettingFields.ByKey.TryGetValue($"{section}.{name}", out var f)
                ? f
                : throw new InvalidOperationException($"SettingFields has no entry for {section}.{name}");
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
                if (field.Plugin is not null)
                {
                    node["pattern"] = $"^{ConfigNames.Pattern}$";
                    node["maxLength"] = ConfigNames.MaxLength;
                }
            }
            else if (typeof(IEnumerable<double>).IsAssignableFrom(t))
            {
                var items = new JsonObject { ["type"] = "number" };
                field.ItemRange?.WriteTo(items);
                node["type"] = "array";
                node["items"] = items;
            }
            else if (typeof(IEnumerable<int>).IsAssignableFrom(t))
            {
                var items = new JsonObject { ["type"] = "integer" };
                field.ItemRange?.WriteTo(items);
                node["type"] = "array";
                node["minItems"] = 1;
                node["uniqueItems"] = true;
                node["items"] = items;
            }
            else if (typeof(IEnumerable<string>).IsAssignableFrom(t))
            {
                var items = field.Plugin is not null ? NamePattern() : new JsonObject { ["type"] = "string" };
                if (field.Choices is { } choices)
                {
                    items["enum"] = new JsonArray([.. choices.Names.Select(v => (JsonNode)v)]);
                }

                node["type"] = "array";
                node["uniqueItems"] = true;
                node["items"] = items;
            }
            else
            {
                throw new InvalidOperationException($"ConfigSchema cannot describe {section}.{name} of type {t.Name}");
            }

            field.Range?.WriteTo(node);
            if (field.Choices is { } values && node["items"] is not JsonObject)
            {
                node["enum"] = new JsonArray([.. values.Names.Select(v => (JsonNode)v)]);
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
