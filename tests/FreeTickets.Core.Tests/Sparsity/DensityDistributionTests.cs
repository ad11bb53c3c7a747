using System.Globalization;
using FreeTickets.Core.Sparsity;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Sparsity;

public sealed class DensityDistributionTests
{
    private static readonly string _fixture = TestFixtures.WrnErkReference;

    [Theory]
    [InlineData(0.8, 7_292_246)]
    [InlineData(0.9, 3_646_123)]
    public void Should_match_reference_CSV_When_ERK_spreads_WRN_28_10(double sparsity, long expectedActive)
    {
        var rows = ReadReference();
        var densities = new ErkDensityDistribution().Densities(rows.Select(r => r.Shape).ToList(), sparsity);

        for (var i = 0; i < rows.Count; i++)
        {
            var expected = sparsity == 0.8 ? rows[i].Density08 : rows[i].Density09;
            Assert.True(Math.Abs(densities[i] - expected) <= 1e-4, $"{rows[i].Layer}: {densities[i]} vs {expected}");
        }

        Assert.Equal(36_461_232L, rows.Sum(r => r.Weights));
        var active = rows.Select((r, i) => SparseTopology.ActiveCountFor(densities[i], r.Weights)).Sum();
        Assert.True(Math.Abs(active - expectedActive) <= 0.001 * expectedActive, $"{active} vs {expectedActive}");
    }

    [Fact]
    public void Should_make_layer_dense_and_recompute_epsilon_When_ERK_density_exceeds_one()
    {
        // A [4,2]: n 8, score 6/8 = 0.75; B [10,10]: n 100, score 0.2. S = 0.5: budget 54, eps = 54/26, A would be
        // 1.56 > 1, so A is dense and B gets (54 - 8) / 100 = 0.46.
        var densities = new ErkDensityDistribution().Densities([[4, 2], [10, 10]], 0.5);
        Assert.Equal(1.0, densities[0], 12);
        Assert.Equal(0.46, densities[1], 12);
    }

    [Fact]
    public void Should_scale_by_sum_over_product_When_ERK_needs_no_fallback()
    {
        // S = 0.9: budget 10.8, eps = 10.8 / 26; A = 0.75 eps, B = 0.2 eps.
        var densities = new ErkDensityDistribution().Densities([[4, 2], [10, 10]], 0.9);
        Assert.Equal(0.75 * 10.8 / 26, densities[0], 12);
        Assert.Equal(0.2 * 10.8 / 26, densities[1], 12);
    }

    [Fact]
    public void Should_count_kernel_dims_When_ERK_scores_a_conv()
    {
        // conv [4,2,3,3]: (4+2+3+3)/72 = 1/6; linear [6,6]: 12/36 = 1/3: the linear gets twice the density.
        var densities = new ErkDensityDistribution().Densities([[4, 2, 3, 3], [6, 6]], 0.9);
        Assert.Equal(2.0, densities[1] / densities[0], 12);
        Assert.Equal(0.1 * 108, (densities[0] * 72) + (densities[1] * 36), 9);
    }

    [Fact]
    public void Should_ignore_kernel_dims_When_ER_scores_a_conv()
    {
        // ER scores [4,2,3,3] and [4,2] alike, (4+2)/(4*2), so both get the overall density.
        var densities = new ErDensityDistribution().Densities([[4, 2, 3, 3], [4, 2]], 0.5);
        Assert.Equal(0.5, densities[0], 12);
        Assert.Equal(0.5, densities[1], 12);
    }

    [Theory]
    [InlineData("erk")]
    [InlineData("er")]
    [InlineData("uniform")]
    public void Should_hit_overall_density_When_any_distribution_spreads_sparsity(string name)
    {
        long[][] shapes = [[16, 3, 3, 3], [32, 16, 3, 3], [64, 32, 3, 3], [10, 256]];
        foreach (var sparsity in new[] { 0.0, 0.5, 0.8, 0.95 })
        {
            var densities = DensityDistributions.Get(name).Densities(shapes, sparsity);
            var counts = shapes.Select(s => (double)s.Aggregate(1L, (a, d) => a * d)).ToArray();
            var active = densities.Select((d, i) => d * counts[i]).Sum();
            Assert.Equal((1 - sparsity) * counts.Sum(), active, 6);
            Assert.All(densities, d => Assert.InRange(d, 0.0, 1.0));
        }
    }

    [Fact]
    public void Should_give_every_layer_one_minus_sparsity_When_uniform()
    {
        var densities = new UniformDensityDistribution().Densities([[8, 4], [300, 784]], 0.8);
        Assert.All(densities, d => Assert.Equal(0.2, d, 12));
    }

    [Theory]
    [InlineData("erk", typeof(ErkDensityDistribution))]
    [InlineData("ER", typeof(ErDensityDistribution))]
    [InlineData(" uniform ", typeof(UniformDensityDistribution))]
    public void Should_resolve_name_When_registry_is_asked(string name, Type expected)
    {
        Assert.IsType(expected, DensityDistributions.Get(name));
    }

    [Fact]
    public void Should_list_known_names_When_registry_is_asked_for_unknown_name()
    {
        var error = Assert.Throws<ArgumentException>(() => DensityDistributions.Get("bernoulli"));
        Assert.Contains("bernoulli", error.Message, StringComparison.Ordinal);
        Assert.Contains("erk, er, uniform", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Should_reject_sparsity_When_out_of_range(double sparsity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErkDensityDistribution().Densities([[4, 4]], sparsity));
    }

    private static List<ReferenceRow> ReadReference()
    {
        var lines = File.ReadAllLines(_fixture);
        Assert.Equal("layer,shape,output_hw,weights,dense_forward_macs_per_image,erk_density_s0.8,erk_density_s0.9", lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var cells = line.Split(',');
            return new ReferenceRow(
                cells[0],
                cells[1].Split('x').Select(d => long.Parse(d, CultureInfo.InvariantCulture)).ToArray(),
                long.Parse(cells[3], CultureInfo.InvariantCulture),
                double.Parse(cells[5], CultureInfo.InvariantCulture),
                double.Parse(cells[6], CultureInfo.InvariantCulture));
        }).ToList();
    }

    private sealed record ReferenceRow(string Layer, long[] Shape, long Weights, double Density08, double Density09);
}
