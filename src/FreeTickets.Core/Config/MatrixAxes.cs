using System.Globalization;
using System.Text.Json.Nodes;
using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;

namespace FreeTickets.Core.Config;

/// <summary>
/// What one matrix crosses (its description and lists: datasets, architectures, methods, sparsities, seeds, and the
/// optional pruning criteria and regrowth rules), read and checked: types, required lists, name rules, repeats, ranges.
/// </summary>
internal sealed record MatrixAxes(
    string Description,
    List<string> Datasets,
    List<string> Architectures,
    List<string> Methods,
    List<double> Sparsities,
    List<long> Seeds,
    List<string> Prunes,
    List<string> Regrows)
{
    /// <summary>The sparsities a matrix accepts: 0 is a dense network, 1 an empty one.</summary>
    public static NumberRange SparsityRange { get; } = new(0, 1, ExclusiveMinimum: true, ExclusiveMaximum: true);

    /// <summary>The methods a matrix can list.</summary>
    public static Choices MethodChoices { get; } = new("method", MethodNames.All);

    /// <summary>The lists that name plugins: their names become parts of cell ids, and so of file names.</summary>
    public IEnumerable<(string Key, PluginKind Kind, List<string> Names)> PluginLists =>
    [
        ("datasets", PluginKind.Dataset, Datasets), ("architectures", PluginKind.Architecture, Architectures),
        ("prunes", PluginKind.Pruning, Prunes), ("regrows", PluginKind.Regrowth, Regrows),
    ];

    /// <summary>Reads the axes of the matrix at <paramref name="at"/>; what is wrong goes to <paramref name="errors"/>.</summary>
    public static MatrixAxes Read(JsonObject matrix, string at, ConfigErrors errors)
    {
        var description = "";
        if (matrix.TryGetPropertyValue("description", out var text))
        {
            if (text is JsonValue value && value.TryGetValue<string>(out var s))
            {
                description = s;
            }
            else
            {
                errors.Add($"{at}.description", $"expected a string (got {ConfigValues.Show(text)})");
            }
        }

        var datasets = ListReader.Read<string>(matrix, "datasets", at, errors, required: true);
        var architectures = ListReader.Read<string>(matrix, "architectures", at, errors, required: true);
        var methods = ListReader.Read<string>(matrix, "methods", at, errors, required: true);
        var sparsities = ListReader.Read<double>(matrix, "sparsities", at, errors, required: methods.Any(MethodNames.IsSparse));
        var seeds = ListReader.Read<long>(matrix, "seeds", at, errors, required: true);
        var prunes = ListReader.Read<string>(matrix, "prunes", at, errors, required: matrix.ContainsKey("prunes"));
        var regrows = ListReader.Read<string>(matrix, "regrows", at, errors, required: matrix.ContainsKey("regrows"));
        var axes = new MatrixAxes(description, datasets, architectures, methods, sparsities, seeds, prunes, regrows);
        axes.Check(matrix, at, errors);
        return axes;
    }

    private void Check(JsonObject matrix, string at, ConfigErrors errors)
    {
        foreach (var (key, kind, names) in PluginLists)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (ConfigNames.Check(PluginKinds.Describe(kind), names[i]) is { } bad)
                {
                    errors.Add($"{at}.{key}[{i}]", bad);
                }
            }
        }

        CheckDistinct(Prunes, "prunes", v => $"'{v}'", at, errors);
        CheckDistinct(Regrows, "regrows", v => $"'{v}'", at, errors);
        foreach (var key in new[] { "prunes", "regrows" }.Where(k => matrix.ContainsKey(k) && !Methods.Any(MethodNames.IsSparse)))
        {
            errors.Add($"{at}.{key}", $"crosses the sparse methods with plugins, but the matrix has none (methods: {string.Join(", ", Methods)})");
        }

        CheckDistinct(Datasets, "datasets", v => $"'{v}'", at, errors);
        CheckDistinct(Architectures, "architectures", v => $"'{v}'", at, errors);
        CheckDistinct(Methods, "methods", v => $"'{v}'", at, errors);
        CheckDistinct(Seeds, "seeds", v => v.ToString(CultureInfo.InvariantCulture), at, errors);
        CheckDistinctSparsities(at, errors);
        foreach (var method in Methods)
        {
            if (MethodChoices.Check(method) is { } unknown)
            {
                errors.Add($"{at}.methods", unknown);
            }
        }

        for (var i = 0; i < Sparsities.Count; i++)
        {
            if (!SparsityRange.Contains(Sparsities[i]))
            {
                errors.Add($"{at}.sparsities[{i}]", $"sparsity must be {SparsityRange.Describe()} (got {ConfigValues.Number(Sparsities[i])})");
            }
        }
    }

    private static void CheckDistinct<T>(List<T> values, string key, Func<T, string> show, string at, ConfigErrors errors)
        where T : notnull
    {
        var repeated = values.GroupBy(v => v).Where(g => g.Count() > 1).ToList();
        if (repeated.Count > 0)
        {
            errors.Add($"{at}.{key}", $"each value must appear once (got {string.Join(", ", repeated.Select(g => show(g.Key) + Times(g.Count())))})");
        }
    }

    /// <summary>Cell ids (and record file names) show a sparsity with 4 decimals: values that look the same there collide.</summary>
    private void CheckDistinctSparsities(string at, ConfigErrors errors)
    {
        var repeated = Sparsities.GroupBy(s => s.ToString("0.####", CultureInfo.InvariantCulture)).Where(g => g.Count() > 1).ToList();
        if (repeated.Count > 0)
        {
            errors.Add($"{at}.sparsities", $"each value must appear once (got {string.Join(", ", repeated.Select(g =>
                g.Distinct().Count() == 1
                    ? ConfigValues.Number(g.First()) + Times(g.Count())
                    : $"{string.Join(" and ", g.Select(ConfigValues.Number))}, all s{g.Key} in cell ids"))})");
        }
    }

    private static string Times(int count) => count == 2 ? " twice" : $" {count} times";
}
