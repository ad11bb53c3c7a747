using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads <c>benchmarks.json</c> strictly: unknown keys, duplicate keys, wrong types and out-of-range values are errors (a
/// typo must never silently become a default). <see cref="Read"/> collects every error; <see cref="Load"/> throws on the
/// first. Every error is one line: <c>file: field path: what was expected (got value)</c>, where the field path is where
/// the offending value is written (<c>defaults.training.epochs</c>, <c>matrices.m.overrides.dense.training.epochs</c>).
/// </summary>
public static class BenchmarkConfigLoader
{
    private static readonly string[] _rootKeys = ["$schema", "pluginPaths", "defaults", "matrices"];
    private static readonly string[] _sectionKeys = ["training", "sparse", "ensemble", "evaluation"];
    private static readonly string[] _matrixKeys =
        ["description", "datasets", "architectures", "methods", "sparsities", "seeds", "prunes", "regrows", .. _sectionKeys, "overrides"];

    /// <summary>Keys of each section and the type of their values (from the settings records, so they cannot drift).</summary>
    private static readonly Dictionary<string, Dictionary<string, Type>> _sectionFields = new(StringComparer.Ordinal)
    {
        ["training"] = FieldsOf(typeof(TrainingSettings)),
        ["sparse"] = FieldsOf(typeof(SparseSettings)),
        ["ensemble"] = FieldsOf(typeof(EnsembleSettings)),
        ["evaluation"] = FieldsOf(typeof(EvaluationSettings)),
    };

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
    /// <param name="path">The config file.</param>
    /// <param name="discoverPlugins">When given, called with the config's plugin folders; every plugin name of every
    /// matrix is then resolved against the catalog it returns, and unknown names are errors too (<c>validate</c>).</param>
    public static (BenchmarkConfig? Config, IReadOnlyList<string> Errors) Read(string path, Func<IReadOnlyList<string>, PluginCatalog>? discoverPlugins = null)
    {
        var errors = new List<string>();
        string full;
        try
        {
            full = System.IO.Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return (null, [$"{ConfigNames.Escape(path)}: not a valid path"]);
        }

        if (Directory.Exists(full))
        {
            return (null, [$"{path}: expected a config file (got a folder)"]);
        }

        if (!File.Exists(full))
        {
            return (null, [$"{path}: config file not found (pass --config FILE or run from the folder holding benchmarks.json)"]);
        }

        JsonNode? root;
        try
        {
            if (ConfigText.Read(full, out var text) is { } unreadable)
            {
                return (null, [$"{path}: {unreadable}"]);
            }

            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (DuplicateKey(System.Text.Encoding.UTF8.GetBytes(text)) is { } duplicate)
            {
                return (null, [$"{path}: {duplicate}"]);
            }
        }
        catch (JsonException ex)
        {
            return (null, [$"{path}: invalid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}"]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, [$"{path}: cannot be read ({ex.Message})"]);
        }

        if (root is not JsonObject rootObject)
        {
            return (null, [$"{path}: expected a JSON object at the top level (got {Show(root)})"]);
        }

        // A mistake in defaults shows up once per matrix and method that inherits it: report each line once.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        void Error(string where, string what)
        {
            // Names and keys can hold control characters: escaped, every error stays one line.
            var line = ConfigNames.Escape($"{path}: {where}: {what}");
            if (reported.Add(line))
            {
                errors.Add(line);
            }
        }

        CheckKeys(rootObject, _rootKeys, "$", Error);
        var baseDir = System.IO.Path.GetDirectoryName(full)!;
        var pluginPaths = new List<string>();
        var pluginEntries = ReadList<string>(rootObject, "pluginPaths", "$", Error);
        for (var i = 0; i < pluginEntries.Count; i++)
        {
            if (PluginFolders.Resolve(pluginEntries[i], baseDir, out var folder) is { } wrong)
            {
                Error($"pluginPaths[{i}]", wrong);
            }
            else
            {
                pluginPaths.Add(folder);
            }
        }

        var defaults = rootObject["defaults"] as JsonObject ?? [];
        if (rootObject.TryGetPropertyValue("defaults", out var d) && d is not JsonObject)
        {
            Error("defaults", $"expected an object of sections (got {Show(d)})");
        }

        CheckKeys(defaults, _sectionKeys, "defaults", Error);
        var validDefaults = ValidSections(defaults, "defaults", Error);

        var catalog = discoverPlugins?.Invoke(pluginPaths);
        var matrices = new Dictionary<string, MatrixDefinition>(StringComparer.Ordinal);
        if (rootObject["matrices"] is not JsonObject matricesNode)
        {
            Error("matrices", $"expected an object of named matrices (got {Show(rootObject["matrices"])})");
        }
        else if (matricesNode.Count == 0)
        {
            Error("matrices", "expected at least one matrix (got {})");
        }
        else
        {
            foreach (var (name, node) in matricesNode)
            {
                // The name becomes the folder results/<name>: '../x' must never reach a path.
                if (ConfigNames.Check("matrix", name) is { } badName)
                {
                    Error($"matrices.{name}", badName);
                }

                if (new MatrixReader(path, name, defaults, validDefaults, catalog, Error).Read(node) is { } matrix)
                {
                    matrices[name] = matrix;
                }
            }
        }

        return errors.Count > 0 ? (null, errors) : (new BenchmarkConfig(full, pluginPaths, matrices), errors);
    }

    /// <summary>Reads one matrix; counts its errors so that a matrix with any error is not returned.</summary>
    /// <param name="source">The config file as given (recorded in the matrix for messages).</param>
    /// <param name="name">Matrix name.</param>
    /// <param name="defaults">The <c>defaults</c> object as written (to tell where a value comes from).</param>
    /// <param name="validDefaults">Its sections without the fields already reported as wrong.</param>
    /// <param name="catalog">Plugins to resolve names against, or null.</param>
    /// <param name="error">Receives each error.</param>
    private sealed class MatrixReader(string source, string name, JsonObject defaults, JsonObject validDefaults, PluginCatalog? catalog, Action<string, string> error)
    {
        private readonly string _at = $"matrices.{name}";
        private readonly Dictionary<string, JsonObject> _validOverrides = new(StringComparer.Ordinal);
        private JsonObject _matrix = [];
        private JsonObject _validMatrix = [];
        private JsonObject _overrides = [];
        private int _count;

        private void Error(string where, string what)
        {
            _count++;
            error(where, what);
        }

        public MatrixDefinition? Read(JsonNode? node)
        {
            if (node is not JsonObject matrix)
            {
                Error(_at, $"expected an object (got {Show(node)})");
                return null;
            }

            _matrix = matrix;
            CheckKeys(matrix, _matrixKeys, _at, Error);
            var description = "";
            if (matrix.TryGetPropertyValue("description", out var text))
            {
                if (text is JsonValue value && value.TryGetValue<string>(out var s))
                {
                    description = s;
                }
                else
                {
                    Error($"{_at}.description", $"expected a string (got {Show(text)})");
                }
            }

            var datasets = ReadList<string>(matrix, "datasets", _at, Error, required: true);
            var architectures = ReadList<string>(matrix, "architectures", _at, Error, required: true);
            var methods = ReadList<string>(matrix, "methods", _at, Error, required: true);
            var sparsities = ReadList<double>(matrix, "sparsities", _at, Error, required: methods.Any(MethodNames.IsSparse));
            var seeds = ReadList<long>(matrix, "seeds", _at, Error, required: true);
            var prunes = ReadList<string>(matrix, "prunes", _at, Error, required: matrix.ContainsKey("prunes"));
            var regrows = ReadList<string>(matrix, "regrows", _at, Error, required: matrix.ContainsKey("regrows"));
            CheckNames(datasets, "datasets", "dataset");
            CheckNames(architectures, "architectures", "architecture");
            CheckNames(prunes, "prunes", "pruning criterion");
            CheckNames(regrows, "regrows", "regrowth rule");
            CheckDistinct(prunes, "prunes", v => $"'{v}'");
            CheckDistinct(regrows, "regrows", v => $"'{v}'");
            foreach (var key in new[] { "prunes", "regrows" }.Where(k => matrix.ContainsKey(k) && !methods.Any(MethodNames.IsSparse)))
            {
                Error($"{_at}.{key}", $"crosses the sparse methods with plugins, but the matrix has none (methods: {string.Join(", ", methods)})");
            }

            CheckDistinct(datasets, "datasets", v => $"'{v}'");
            CheckDistinct(architectures, "architectures", v => $"'{v}'");
            CheckDistinct(methods, "methods", v => $"'{v}'");
            CheckDistinct(seeds, "seeds", v => v.ToString(CultureInfo.InvariantCulture));

            CheckDistinctSparsities(sparsities);
            foreach (var method in methods.Where(m => !MethodNames.All.Contains(m)))
            {
                Error($"{_at}.methods", $"unknown method '{method}' (expected one of {string.Join(", ", MethodNames.All)})");
            }

            for (var i = 0; i < sparsities.Count; i++)
            {
                if (sparsities[i] is <= 0 or >= 1 || double.IsNaN(sparsities[i]))
                {
                    Error($"{_at}.sparsities[{i}]", $"sparsity must be in (0, 1) (got {F(sparsities[i])})");
                }
            }

            // Fields with a wrong key or type are reported here and left out below, so that the range checks of every
            // other field still run: one pass reports every mistake.
            _validMatrix = ValidSections(matrix, _at, Error);
            ReadOverrides(methods);
            var settings = new Dictionary<string, MethodSettings>(StringComparer.Ordinal);
            foreach (var method in methods.Distinct().Where(MethodNames.All.Contains))
            {
                settings[method] = Settings(method);
            }

            if (catalog is not null)
            {
                CheckPlugins(PluginKind.Dataset, datasets, "datasets");
                CheckPlugins(PluginKind.Architecture, architectures, "architectures");
                CheckPlugins(PluginKind.Pruning, prunes, "prunes");
                CheckPlugins(PluginKind.Regrowth, regrows, "regrows");
            }

            return _count > 0 ? null : new MatrixDefinition(name, description, datasets, architectures, methods, sparsities, seeds, settings)
            {
                Source = source,
                Prunes = prunes,
                Regrows = regrows,
            };
        }

        /// <summary>Checks <c>overrides</c> and keeps the valid sections of each method's override.</summary>
        private void ReadOverrides(List<string> methods)
        {
            if (!_matrix.TryGetPropertyValue("overrides", out var node))
            {
                return;
            }

            if (node is not JsonObject overrides)
            {
                Error($"{_at}.overrides", $"expected an object of per-method sections (got {Show(node)})");
                return;
            }

            _overrides = overrides;
            foreach (var (method, o) in overrides)
            {
                var at = $"{_at}.overrides.{method}";
                if (!MethodNames.All.Contains(method))
                {
                    Error(at, $"unknown method '{method}' (expected one of {string.Join(", ", MethodNames.All)})");
                }
                else if (!methods.Contains(method))
                {
                    Error(at, $"override for a method that is not in this matrix (methods: {string.Join(", ", methods)})");
                }
                else if (o is JsonObject sections)
                {
                    CheckKeys(sections, _sectionKeys, at, Error);
                    _validOverrides[method] = ValidSections(sections, at, Error);
                }
                else
                {
                    Error(at, $"expected an object of sections (got {Show(o)})");
                }
            }
        }

        /// <summary>Defaults, then the matrix, then the method's override; range errors name where the value is written.</summary>
        private MethodSettings Settings(string method)
        {
            var merged = Merge(Merge(validDefaults, _validMatrix), _validOverrides.GetValueOrDefault(method) ?? []);
            MethodSettings s;
            try
            {
                s = merged.Deserialize<MethodSettings>(_strict) ?? new MethodSettings();
            }
            catch (JsonException ex)
            {
                // Every section was checked field by field, so this is not expected; still one line, never a crash.
                Error($"{_at}{JsonPathSuffix(ex.Path)}", FirstSentence(ex.Message));
                return new MethodSettings();
            }

            foreach (var (field, what) in SettingsRules.Check(s, method))
            {
                Error(Origin(field, method), what);
            }

            if (catalog is not null && MethodNames.IsSparse(method))
            {
                CheckPlugin(PluginKind.Pruning, s.Sparse.Prune, Origin("sparse.prune", method));
                CheckPlugin(PluginKind.Regrowth, s.Sparse.Regrow, Origin("sparse.regrow", method));
            }

            if (catalog is not null)
            {
                foreach (var ood in s.Evaluation.Ood)
                {
                    CheckPlugin(PluginKind.Dataset, ood, Origin("evaluation.ood", method));
                }
            }

            return s;
        }

        /// <summary>Where the effective value of <paramref name="field"/> (section.key) for a method is written.</summary>
        private string Origin(string field, string method)
        {
            var (section, key) = (field[..field.IndexOf('.', StringComparison.Ordinal)], field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..]);
            static bool Has(JsonNode? node, string section, string key) => node?[section] is JsonObject s && s.ContainsKey(key);
            return Has(_overrides[method], section, key) ? $"{_at}.overrides.{method}.{field}"
                : Has(_matrix, section, key) ? $"{_at}.{field}"
                : Has(defaults, section, key) ? $"defaults.{field}"
                : $"{_at}.{field} (built-in default)";
        }

        private void CheckDistinct<T>(List<T> values, string key, Func<T, string> show)
            where T : notnull
        {
            var repeated = values.GroupBy(v => v).Where(g => g.Count() > 1).ToList();
            if (repeated.Count > 0)
            {
                Error($"{_at}.{key}", $"each value must appear once (got {string.Join(", ", repeated.Select(g => show(g.Key) + (g.Count() == 2 ? " twice" : $" {g.Count()} times")))})");
            }
        }

        /// <summary>Cell ids (and record file names) show a sparsity with 4 decimals: values that look the same there collide.</summary>
        private void CheckDistinctSparsities(List<double> sparsities)
        {
            var repeated = sparsities.GroupBy(s => s.ToString("0.####", CultureInfo.InvariantCulture)).Where(g => g.Count() > 1).ToList();
            if (repeated.Count > 0)
            {
                Error($"{_at}.sparsities", $"each value must appear once (got {string.Join(", ", repeated.Select(g =>
                    g.Distinct().Count() == 1
                        ? F(g.First()) + (g.Count() == 2 ? " twice" : $" {g.Count()} times")
                        : $"{string.Join(" and ", g.Select(F))}, all s{g.Key} in cell ids"))})");
            }
        }

        /// <summary>Plugin names become parts of cell ids, and so of file names.</summary>
        private void CheckNames(List<string> names, string key, string what)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (ConfigNames.Check(what, names[i]) is { } bad)
                {
                    Error($"{_at}.{key}[{i}]", bad);
                }
            }
        }

        private void CheckPlugins(PluginKind kind, List<string> names, string key)
        {
            for (var i = 0; i < names.Count; i++)
            {
                CheckPlugin(kind, names[i], $"{_at}.{key}[{i}]");
            }
        }

        private void CheckPlugin(PluginKind kind, string name, string where)
        {
            if (!ConfigNames.IsValid(name))
            {
                return; // reported by the name rule; "unknown dataset '../x'" would only repeat it
            }

            try
            {
                _ = catalog!.Resolve<IPlugin>(kind, name);
            }
            catch (PluginResolutionException ex)
            {
                Error(where, ex.Message);
            }
        }
    }

    /// <summary>The sections of <paramref name="node"/> (defaults, a matrix, an override) with only their valid fields.</summary>
    private static JsonObject ValidSections(JsonObject node, string at, Action<string, string> error)
    {
        var result = new JsonObject();
        foreach (var section in _sectionKeys.Where(node.ContainsKey))
        {
            if (ValidFields(node[section], section, at, error) is { } fields)
            {
                result[section] = fields;
            }
        }

        return result;
    }

    /// <summary>
    /// A key written twice in one object (the parser would silently keep the last value, the very typo this loader
    /// exists to catch): where it is, as a one-line error; null when there is none.
    /// </summary>
    private static string? DuplicateKey(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var objects = new Stack<(HashSet<string>? Keys, string Path)>();
        var name = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var parent = objects.Count == 0 ? "" : objects.Peek().Path;
                    var child = objects.Count == 0 ? "" : objects.Peek().Keys is null ? parent + "[]" : $"{parent}.{name}".TrimStart('.');
                    objects.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, child));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    objects.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    name = reader.GetString()!;
                    var (keys, at) = objects.Peek();
                    if (!keys!.Add(name))
                    {
                        var start = (int)reader.TokenStartIndex;
                        var line = json.AsSpan(0, start).Count((byte)'\n') + 1;
                        var column = start - json.AsSpan(0, start).LastIndexOf((byte)'\n');
                        return $"invalid JSON at line {line}, column {column}: key '{name}' is written twice{(at.Length > 0 ? $" in {at}" : "")} (expected each key once)";
                    }

                    break;
                default:
                    break;
            }
        }

        return null;
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

    /// <summary>
    /// Checks one section (<c>training</c>, ...) where it is written: an object whose keys are known and whose values
    /// have the right type. Every field is checked, so all mistakes of a section are reported at once. Returns a copy
    /// holding only the valid fields (null when the section is not an object).
    /// </summary>
    private static JsonObject? ValidFields(JsonNode? node, string section, string at, Action<string, string> error)
    {
        var where = $"{at}.{section}";
        if (node is not JsonObject fields)
        {
            error(where, $"expected an object (got {Show(node)})");
            return null;
        }

        var known = _sectionFields[section];
        var valid = new JsonObject();
        foreach (var (key, value) in fields)
        {
            if (!known.TryGetValue(key, out var type))
            {
                error($"{where}.{key}", $"unknown key '{key}' (expected one of {string.Join(", ", known.Keys)})");
            }
            else if (!Fits(value, type))
            {
                error($"{where}.{key}", $"expected {Describe(type)} (got {Show(value)})");
            }
            else
            {
                valid[key] = value!.DeepClone();
            }
        }

        return valid;
    }

    private static bool Fits(JsonNode? value, Type type)
    {
        if (value is null)
        {
            return false;
        }

        try
        {
            // 1e999 parses as infinity: a number no one meant (an infinite learning rate), refused with the value written.
            return value.Deserialize(type, _strict) switch
            {
                null => false,
                double v => double.IsFinite(v),
                IEnumerable<double> list => list.All(double.IsFinite),
                IEnumerable<string?> strings => strings.All(x => x is not null),
                _ => true,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static Dictionary<string, Type> FieldsOf(Type record) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), p => p.PropertyType, StringComparer.Ordinal);

    private static string Describe(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) ? "a number"
        : type == typeof(string) ? "a string"
        : type == typeof(bool) ? "true or false"
        : typeof(IEnumerable<double>).IsAssignableFrom(type) ? "a list of numbers"
        : typeof(IEnumerable<int>).IsAssignableFrom(type) ? "a list of whole numbers"
        : typeof(IEnumerable<string>).IsAssignableFrom(type) ? "a list of strings"
        : "an object";

    private static List<T> ReadList<T>(JsonObject node, string key, string at, Action<string, string> error, bool required = false)
    {
        var where = $"{at}.{key}".TrimStart('$', '.');
        var what = typeof(T) == typeof(string) ? "strings" : typeof(T) == typeof(long) ? "whole numbers" : "numbers";
        if (node[key] is not { } value)
        {
            // null is a value written, not an absent key: never read as "use the default".
            if (required || node.ContainsKey(key))
            {
                error(where, !node.ContainsKey(key) ? "required list is missing" : required ? "expected a non-empty list (got null)" : $"expected a list of {what} (got null)");
            }

            return [];
        }

        try
        {
            var list = value.Deserialize<List<T>>(_strict) ?? [];
            if (typeof(T) == typeof(string) && list.Any(s => s is null))
            {
                throw new JsonException("null in a list of strings");
            }

            if (list is List<double> numbers && !numbers.All(double.IsFinite))
            {
                throw new JsonException("a number too large for a double");
            }

            if (required && list.Count == 0)
            {
                error(where, "must not be empty (got [])");
            }

            return list;
        }
        catch (JsonException)
        {
            error(where, $"expected a list of {what} (got {Show(value)})");
            return [];
        }
    }

    /// <summary>A JSON value as the user wrote it, shortened for a one-line message.</summary>
    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static string JsonPathSuffix(string? path) => string.IsNullOrEmpty(path) ? "" : path.TrimStart('$');

    /// <summary>The parser's message without the position it repeats (" LineNumber: 1 | BytePositionInLine: 9.", ". Path: $.x").</summary>
    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { ". Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        return message.Split('\n')[0].Trim().TrimEnd('.');
    }
}
