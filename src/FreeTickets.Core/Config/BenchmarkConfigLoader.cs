using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads <c>benchmarks.json</c> strictly: unknown keys, wrong types and out-of-range values are errors (a typo must never
/// silently become a default). <see cref="Read"/> collects every error; <see cref="Load"/> throws on the first.
/// </summary>
public static class BenchmarkConfigLoader
{
    private static readonly string[] _rootKeys = ["$schema", "pluginPaths", "defaults", "matrices"];
    private static readonly string[] _sectionKeys = ["training", "sparse", "ensemble", "evaluation"];
    private static readonly string[] _matrixKeys =
        ["description", "datasets", "architectures", "methods", "sparsities", "seeds", .. _sectionKeys, "overrides"];

    private static readonly JsonSerializerOptions _strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Loads the file or throws <see cref="BadInputException"/> (first error, and how many more).</summary>
    public static BenchmarkConfig Load(string path)
    {
        var (config, errors) = Read(path);
        if (errors.Count > 0)
        {
            var more = errors.Count > 1 ? $" ({errors.Count - 1} more error(s): run 'validate')" : "";
            throw new BadInputException(errors[0] + more);
        }

        return config!;
    }

    /// <summary>Reads the file and returns every error found (the config is null when any error was found).</summary>
    public static (BenchmarkConfig? Config, IReadOnlyList<string> Errors) Read(string path)
    {
        var errors = new List<string>();
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return (null, [$"{path}: config file not found (pass --config FILE or run from the folder holding benchmarks.json)"]);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(full), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            return (null, [$"{path}: invalid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}"]);
        }

        if (root is not JsonObject rootObject)
        {
            return (null, [$"{path}: expected a JSON object at the top level"]);
        }

        void Error(string where, string what) => errors.Add($"{path}: {where}: {what}");

        CheckKeys(rootObject, _rootKeys, "$", Error);
        var baseDir = System.IO.Path.GetDirectoryName(full)!;
        var pluginPaths = ReadList<string>(rootObject, "pluginPaths", "$", Error)
            .Select(p => System.IO.Path.GetFullPath(p, baseDir)).ToList();

        var defaults = rootObject["defaults"] as JsonObject ?? [];
        if (rootObject["defaults"] is { } d && d is not JsonObject)
        {
            Error("defaults", "expected an object");
        }

        CheckKeys(defaults, _sectionKeys, "defaults", Error);
        var matrices = new Dictionary<string, MatrixDefinition>(StringComparer.Ordinal);
        if (rootObject["matrices"] is not JsonObject matricesNode)
        {
            Error("matrices", "expected an object of named matrices");
        }
        else
        {
            foreach (var (name, node) in matricesNode)
            {
                if (ReadMatrix(name, node, defaults, Error) is { } matrix)
                {
                    matrices[name] = matrix;
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new BenchmarkConfig(full, pluginPaths, matrices), errors);
    }

    private static MatrixDefinition? ReadMatrix(string name, JsonNode? node, JsonObject defaults, Action<string, string> error)
    {
        var at = $"matrices.{name}";
        if (node is not JsonObject matrix)
        {
            error(at, "expected an object");
            return null;
        }

        var count = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Counting(string where, string what)
        {
            // Settings are checked once per method; a matrix-level mistake is reported once, not once per method.
            if (seen.Add(where + "\n" + what))
            {
                count++;
                error(where, what);
            }
        }

        CheckKeys(matrix, _matrixKeys, at, Counting);
        var datasets = ReadList<string>(matrix, "datasets", at, Counting, required: true);
        var architectures = ReadList<string>(matrix, "architectures", at, Counting, required: true);
        var methods = ReadList<string>(matrix, "methods", at, Counting, required: true);
        var sparsities = ReadList<double>(matrix, "sparsities", at, Counting, required: methods.Any(MethodNames.IsSparse));
        var seeds = ReadList<long>(matrix, "seeds", at, Counting, required: true);
        foreach (var method in methods.Where(m => !MethodNames.All.Contains(m)))
        {
            Counting($"{at}.methods", $"unknown method '{method}' (expected one of {string.Join(", ", MethodNames.All)})");
        }

        for (var i = 0; i < sparsities.Count; i++)
        {
            if (sparsities[i] is <= 0 or >= 1 || double.IsNaN(sparsities[i]))
            {
                Counting($"{at}.sparsities[{i}]", $"sparsity must be in (0, 1) (got {sparsities[i].ToString(CultureInfo.InvariantCulture)})");
            }
        }

        var overrides = matrix["overrides"] as JsonObject ?? [];
        foreach (var (method, o) in overrides)
        {
            if (!methods.Contains(method))
            {
                Counting($"{at}.overrides.{method}", $"override for a method that is not in this matrix (methods: {string.Join(", ", methods)})");
            }
            else if (o is JsonObject ov)
            {
                CheckKeys(ov, _sectionKeys, $"{at}.overrides.{method}", Counting);
            }
            else
            {
                Counting($"{at}.overrides.{method}", "expected an object");
            }
        }

        var settings = new Dictionary<string, MethodSettings>(StringComparer.Ordinal);
        foreach (var method in methods.Distinct().Where(MethodNames.All.Contains))
        {
            var merged = Merge(Merge(Sections(defaults), Sections(matrix)), overrides[method] as JsonObject ?? []);
            try
            {
                var s = merged.Deserialize<MethodSettings>(_strict) ?? new MethodSettings();
                foreach (var (where, what) in SettingsRules.Check(s, method))
                {
                    Counting($"{at}{(overrides.ContainsKey(method) ? $" (method {method})" : "")}.{where}", what);
                }

                settings[method] = s;
            }
            catch (JsonException ex)
            {
                Counting($"{at}{JsonPathSuffix(ex.Path)}", FirstSentence(ex.Message));
            }
        }

        return count > 0 ? null : new MatrixDefinition(
            name, (matrix["description"] as JsonValue)?.GetValue<string>() ?? "", datasets, architectures, methods, sparsities, seeds, settings);
    }

    private static JsonObject Sections(JsonObject node)
    {
        var result = new JsonObject();
        foreach (var key in _sectionKeys)
        {
            if (node[key] is { } value)
            {
                result[key] = value.DeepClone();
            }
        }

        return result;
    }

    /// <summary>Deep merge: objects merge key by key, anything else in <paramref name="top"/> replaces.</summary>
    internal static JsonObject Merge(JsonObject bottom, JsonObject top)
    {
        var result = (JsonObject)bottom.DeepClone();
        foreach (var (key, value) in top)
        {
            result[key] = value is JsonObject topChild && result[key] is JsonObject bottomChild
                ? Merge(bottomChild, topChild)
                : value?.DeepClone();
        }

        return result;
    }

    private static void CheckKeys(JsonObject node, string[] allowed, string at, Action<string, string> error)
    {
        foreach (var (key, _) in node)
        {
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                error($"{at}.{key}".TrimStart('$', '.'), $"unknown key '{key}' (expected one of {string.Join(", ", allowed)})");
            }
        }
    }

    private static List<T> ReadList<T>(JsonObject node, string key, string at, Action<string, string> error, bool required = false)
    {
        var where = $"{at}.{key}".TrimStart('$', '.');
        if (node[key] is not { } value)
        {
            if (required)
            {
                error(where, "required list is missing");
            }

            return [];
        }

        try
        {
            var list = value.Deserialize<List<T>>(_strict) ?? [];
            if (required && list.Count == 0)
            {
                error(where, "must not be empty");
            }

            return list;
        }
        catch (JsonException)
        {
            error(where, $"expected a list of {(typeof(T) == typeof(string) ? "strings" : typeof(T) == typeof(long) ? "integers" : "numbers")}");
            return [];
        }
    }

    private static string JsonPathSuffix(string? path) => string.IsNullOrEmpty(path) ? "" : path.TrimStart('$');

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Split('\n')[0].Trim();
    }
}
