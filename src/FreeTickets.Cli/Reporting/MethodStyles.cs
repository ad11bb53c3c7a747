using System.Globalization;
using FreeTickets.Core.Config;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Display names and colours of methods: one hue per method, lighter and with another marker per sparsity.</summary>
internal static class MethodStyles
{
    private static readonly Dictionary<string, (string Name, Color Color)> _known = new()
    {
        [MethodNames.Dense] = ("Dense", new Color(0x55, 0x55, 0x55)),
        [MethodNames.DenseEnsemble] = ("Dense ens.", new Color(0x1f, 0x77, 0xb4)),
        [MethodNames.DstEnsemble] = ("DST ens.", new Color(0xe6, 0x6c, 0x00)),
        [MethodNames.EdstEnsemble] = ("EDST ens.", new Color(0x2c, 0x9c, 0x2c)),
    };

    private static readonly MarkerShape[] _markers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];
    private static readonly (LinePattern Pattern, string Name)[] _patterns =
        [(LinePattern.Solid, "solid"), (LinePattern.Dashed, "dashed"), (LinePattern.Dotted, "dotted"), (LinePattern.DenselyDashed, "densely dashed")];

    /// <summary>Display name of a method.</summary>
    public static string Name(string method) => _known.TryGetValue(method, out var style) ? style.Name : method;

    /// <summary>"DST ens. S=0.8" (no sparsity for dense methods).</summary>
    public static string Label(string method, double sparsity) =>
        sparsity == 0 ? Name(method) : string.Create(CultureInfo.InvariantCulture, $"{Name(method)} S={sparsity:0.###}");

    /// <summary>" [sparse]" for a row whose execution is not its method's default (masked; dense for dense methods), else "".</summary>
    public static string ExecutionSuffix(string method, string execution) =>
        execution == Core.Results.ExecutionColumn.Default(method) ? "" : $" [{execution}]";

    /// <summary>
    /// Entries in leaderboard order; within a method the lowest sparsity gets the full colour. Labels name the pruning
    /// criterion and regrowth rule only where a method has several (an ablation), and the execution mode where it is
    /// not what the method runs by default (<c>[sparse]</c>).
    /// </summary>
    public static IReadOnlyList<ReportEntry> Entries(IEnumerable<(string Method, double Sparsity, string Plugins, string Execution)> rows)
    {
        var list = rows.Distinct().ToList();
        var crossed = list.Where(r => r.Plugins.Length > 0).Select(r => r.Plugins).Distinct().Count() > 1;
        var unknown = new ScottPlot.Palettes.Category10();
        var unknownIndex = 0;
        var baseColors = new Dictionary<string, Color>();
        foreach (var method in list.Select(r => r.Method).Distinct())
        {
            baseColors[method] = _known.TryGetValue(method, out var style) ? style.Color : unknown.GetColor(3 + unknownIndex++);
        }

        return [.. list.Select(r =>
        {
            var rank = list.Where(o => o.Method == r.Method).Select(o => o.Sparsity).Distinct().Order().ToList().IndexOf(r.Sparsity);
            var color = baseColors[r.Method].Lighten(Math.Min(0.6, 0.3 * rank));
            var (pattern, patternName) = _patterns[rank % _patterns.Length];
            var label = crossed && r.Plugins.Length > 0 ? $"{Label(r.Method, r.Sparsity)} {r.Plugins}" : Label(r.Method, r.Sparsity);
            label += ExecutionSuffix(r.Method, r.Execution);
            return new ReportEntry(r.Method, r.Sparsity, r.Plugins, r.Execution, label, color, _markers[rank % _markers.Length], pattern, patternName);
        })];
    }
}
