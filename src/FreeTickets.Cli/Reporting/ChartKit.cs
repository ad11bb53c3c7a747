using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FreeTickets.Cli.Reporting;

/// <summary>Shared look of the report's charts and the few helpers ScottPlot lacks (log axes by transform).</summary>
internal static class ChartKit
{
    /// <summary>Size of a single-panel chart.</summary>
    public const int Width = 800;

    /// <summary>Size of a single-panel chart.</summary>
    public const int Height = 500;

    private static readonly double[] _niceMantissas = [1, 2, 3, 5];

    /// <summary>A plot with the report's fonts and sizes.</summary>
    public static Plot NewPlot()
    {
        ReportFonts.Register();
        var plot = new Plot();
        plot.Axes.Title.Label.FontSize = 16;
        plot.Axes.Bottom.Label.FontSize = 13;
        plot.Axes.Left.Label.FontSize = 13;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.08);
        plot.Legend.FontSize = 11;
        return plot;
    }

    /// <summary>Panels in a grid, filled row by row.</summary>
    public static (Multiplot Figure, IReadOnlyList<Plot> Panels) Grid(int count, int columns)
    {
        var rows = (count + columns - 1) / columns;
        var panels = new List<Plot>();
        for (var i = 0; i < rows * columns; i++)
        {
            var plot = NewPlot();
            if (i >= count)
            {
                plot.HideAxesAndGrid();
            }

            panels.Add(plot);
        }

        // Multiplot(plot) starts with that plot; the parameterless constructor would add a blank one first.
        var figure = new Multiplot(panels[0]);
        foreach (var plot in panels.Skip(1))
        {
            figure.AddPlot(plot);
        }

        figure.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, columns);
        return (figure, panels[..count]);
    }

    /// <summary>Columns of a panel grid for <paramref name="count"/> panels (at most <paramref name="max"/>).</summary>
    public static int Columns(int count, int max = 3) => count <= max ? count : count == 4 ? 2 : max;

    /// <summary>Writes a chart and describes it.</summary>
    public static ChartFile Save(Plot plot, string folder, string fileName, string heading, string caption, int width = Width, int height = Height)
    {
        plot.SavePng(Path.Combine(folder, fileName), width, height);
        return new ChartFile(fileName, width, height, heading, caption);
    }

    /// <summary>Writes a multi-panel chart and describes it.</summary>
    public static ChartFile Save(Multiplot figure, string folder, string fileName, string heading, string caption, int width, int height)
    {
        figure.SavePng(Path.Combine(folder, fileName), width, height);
        return new ChartFile(fileName, width, height, heading, caption);
    }

    /// <summary>
    /// Ticks for an axis that holds log10 of the data: 1-2-3-5 steps per decade between <paramref name="min"/> and
    /// <paramref name="max"/> (data units), labelled through <paramref name="format"/>.
    /// </summary>
    public static NumericManual LogTicks(double min, double max, Func<double, string> format)
    {
        var ticks = new NumericManual();
        for (var decade = Math.Floor(Math.Log10(min)); decade <= Math.Ceiling(Math.Log10(max)); decade++)
        {
            foreach (var m in _niceMantissas)
            {
                var value = m * Math.Pow(10, decade);
                if (value >= min * 0.999 && value <= max * 1.001)
                {
                    ticks.AddMajor(Math.Log10(value), format(value));
                }
            }

            for (var m = 1; m < 10; m++)
            {
                var value = m * Math.Pow(10, decade);
                if (value >= min && value <= max)
                {
                    ticks.AddMinor(Math.Log10(value));
                }
            }
        }

        return ticks;
    }

    /// <summary>Invariant-culture formatting.</summary>
    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Category ticks: one label per position 0..n-1.</summary>
    public static NumericManual Categories(IReadOnlyList<string> labels)
    {
        var ticks = new NumericManual();
        for (var i = 0; i < labels.Count; i++)
        {
            ticks.AddMajor(i, labels[i]);
        }

        return ticks;
    }
}
