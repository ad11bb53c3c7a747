using FreeTickets.Core.Results;
using ScottPlot;

namespace FreeTickets.Cli.Reporting;

/// <summary>Density of every sparsifiable layer (as the sparsity distribution, e.g. ERK, set it), grouped bars per distinct layout.</summary>
internal sealed class LayerDensityChart : IReportChart
{
    public string Heading => "Density per layer";

    public string? Missing(ReportGroup group) =>
        Layouts(group).Count > 0 ? null
        : !group.Entries.Any(e => e.Sparsity > 0) ? "no sparse method in this group"
        : group.Cells.Count == 0 ? "the folder has no cell records (cells/ is local resume state and is not committed); run the matrix to get them, or see `flops` for the FLOPs they imply"
        : "the cell records carry no per-layer densities (they were written before the report existed); rerun the matrix with --force";

    public ChartFile Render(ReportGroup group, string folder)
    {
        var layouts = Layouts(group);
        var layers = layouts[0].Layers;
        var plot = ChartKit.NewPlot();
        var width = 0.8 / layouts.Count;
        for (var k = 0; k < layouts.Count; k++)
        {
            var (label, layout) = layouts[k];

            // Layouts belong to sparsities, not methods: shades of one colour no method uses, darkest for the first.
            var color = new Color(0x5b, 0x3f, 0x8c).Lighten(layouts.Count == 1 ? 0 : 0.55 * k / (layouts.Count - 1));
            var bars = plot.Add.Bars(layout.Select((l, i) => new Bar
            {
                Position = i - 0.4 + (width * (k + 0.5)),
                Value = l.Density,
                Size = width * 0.9,
                FillColor = color,
                LineWidth = 0,
                Label = ChartKit.F(l.Density, "0.###"),
            }).ToList());
            bars.ValueLabelStyle.FontSize = 10;
            var overall = (double)layout.Sum(l => (long)Math.Round(l.Density * l.Weights)) / layout.Sum(l => l.Weights);
            bars.LegendText = $"{label}: overall density {ChartKit.F(overall, "0.###")} (dashed)";
            plot.Add.HorizontalLine(overall, 1, color, LinePattern.Dashed);
        }

        plot.Axes.Bottom.TickGenerator = ChartKit.Categories([.. layers.Select(l => $"{l.Name}\n{string.Join("×", l.Shape)} ({Count(l.Weights)})")]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.SetLimits(-0.6, layers.Count - 0.4, 0, (layouts.Max(l => l.Layers.Max(x => x.Density)) * 1.12) + 0.02);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { TargetTickCount = 8, LabelFormatter = v => ChartKit.F(v, "0.##") };
        plot.Title($"{group.Title}: density per sparsifiable layer");
        plot.YLabel("density (fraction of weights kept)");
        plot.ShowLegend(Edge.Bottom);
        return ChartKit.Save(plot, folder, $"{group.Slug}_layer-density.png", Heading,
            "Fraction of each sparsifiable layer's weights that stay active (the shape and weight count are under its name). "
            + "The sparsity distribution sets them at initialisation and topology updates keep them, so all members and "
            + "seeds share them. Dashed: overall density of the sparsifiable weights.");
    }

    private static string Count(long weights) =>
        weights >= 1_000_000 ? ChartKit.F(weights / 1e6, "0.#") + "M" : weights >= 1_000 ? ChartKit.F(weights / 1e3, "0.#") + "k" : ChartKit.F(weights, "0");

    /// <summary>Distinct per-layer layouts of the sparse entries, labelled by the entries that share them.</summary>
    private static List<(string Label, IReadOnlyList<LayerDensity> Layers)> Layouts(ReportGroup group)
    {
        var found = new List<(List<ReportEntry> Entries, IReadOnlyList<LayerDensity> Layers)>();
        foreach (var entry in group.Entries.Where(e => e.Sparsity > 0))
        {
            var layers = group.Diagnostics(entry).Select(d => d.Layers).FirstOrDefault(l => l.Count > 0);
            if (layers is null)
            {
                continue;
            }

            var same = found.FindIndex(f => f.Layers.Select(l => (l.Name, Math.Round(l.Density, 6))).SequenceEqual(layers.Select(l => (l.Name, Math.Round(l.Density, 6)))));
            if (same >= 0)
            {
                found[same].Entries.Add(entry);
            }
            else
            {
                found.Add(([entry], layers));
            }
        }

        return [.. found.Select(f => (
            f.Entries.Select(e => e.Sparsity).Distinct().Count() == 1
                ? $"S={ChartKit.F(f.Entries[0].Sparsity, "0.###")} ({string.Join(", ", f.Entries.Select(e => MethodStyles.Name(e.Method)))})"
                : string.Join(", ", f.Entries.Select(e => e.Label)),
            f.Layers))];
    }
}
