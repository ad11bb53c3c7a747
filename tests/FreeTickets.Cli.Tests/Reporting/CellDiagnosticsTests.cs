using System.Text.Json.Nodes;
using FreeTickets.Cli.Tests.Commands;
using FreeTickets.Core.Results;

namespace FreeTickets.Cli.Tests.Reporting;

/// <summary>The diagnostics a run keeps in its cell records agree with the CSV numbers derived from the same predictions.</summary>
[Collection(SmokeRunCollection.Name)]
public sealed class CellDiagnosticsTests(SmokeRunFixture smoke)
{
    private IReadOnlyList<CellRecord> Records => new CellStore(smoke.OutDir).All();

    [Fact]
    public void Should_keep_reliability_bins_that_reproduce_the_ensemble_ece_When_a_cell_finishes()
    {
        Assert.Equal(4, Records.Count);
        foreach (var record in Records)
        {
            var bins = Assert.IsAssignableFrom<CellDiagnostics>(record.Diagnostics).Reliability;
            Assert.Equal(15, bins.Count);
            var total = bins.Sum(b => b.Count);
            Assert.True(total > 0);
            var ece = bins.Sum(b => Math.Abs(b.Accuracy - b.Confidence) * b.Count) / total;
            Assert.Equal(record.Run.Ece, ece, 1e-9);
            var accuracy = bins.Sum(b => b.Accuracy * b.Count) / total;
            Assert.Equal(record.Run.Accuracy, accuracy, 1e-9);
        }
    }

    [Fact]
    public void Should_keep_a_symmetric_disagreement_matrix_whose_mean_is_the_run_disagreement_When_a_cell_finishes()
    {
        foreach (var record in Records)
        {
            var matrix = record.Diagnostics!.PairwiseDisagreement;
            var m = record.Run.Members;
            Assert.Equal(m, matrix.Count);
            var pairs = new List<double>();
            for (var i = 0; i < m; i++)
            {
                Assert.Equal(0, matrix[i][i]);
                for (var j = i + 1; j < m; j++)
                {
                    Assert.Equal(matrix[i][j], matrix[j][i]);
                    pairs.Add(matrix[i][j]);
                }
            }

            if (m > 1)
            {
                Assert.Equal(record.Run.Disagreement, pairs.Average(), 1e-12);
            }
        }
    }

    [Fact]
    public void Should_keep_layer_densities_that_add_up_to_the_run_density_When_a_cell_finishes()
    {
        foreach (var record in Records)
        {
            var layers = record.Diagnostics!.Layers;
            Assert.NotEmpty(layers);
            Assert.All(layers, l => Assert.Equal(l.Weights, l.Shape.Aggregate(1L, (a, b) => a * b)));
            var active = layers.Sum(l => Math.Round(l.Density * l.Weights));
            Assert.Equal(record.Run.Density, active / layers.Sum(l => l.Weights), 1e-9);
            if (record.Run.Sparsity == 0)
            {
                Assert.All(layers, l => Assert.Equal(1.0, l.Density));
            }
        }
    }

    [Fact]
    public void Should_read_a_record_without_diagnostics_When_it_was_written_before_they_were_kept()
    {
        var source = Directory.GetFiles(Path.Combine(smoke.OutDir, "cells"), "*.json")[0];
        var json = JsonNode.Parse(File.ReadAllText(source))!.AsObject();
        Assert.True(json.Remove("Diagnostics"));
        var path = Path.Combine(Path.GetTempPath(), $"freetickets-old-record-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        try
        {
            var record = CellStore.Read(path);

            Assert.Null(record.Diagnostics);
            Assert.Equal(CellStore.Read(source).Run, record.Run);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
