using System.Globalization;
using FreeTickets.Core.Flops;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Flops;

/// <summary>
/// The reference WRN-28-10 / CIFAR-10 cost table (tests/Fixtures/wrn-28-10-cifar10-erk.csv, see
/// <see cref="TestFixtures.WrnErkReference"/>): per-layer weights, dense MACs and ERK densities at S = 0.8 and 0.9.
/// </summary>
internal static class ReferenceWrnFixture
{
    /// <summary>Parameters of the full model (README of the reference): sparsifiable weights plus fc bias and BatchNorm.</summary>
    public const long TotalParams = 36_479_194;

    public const long SparsifiableWeights = 36_461_232;

    public static ModelCost Cost { get; }

    public static IReadOnlyDictionary<string, double> DensitiesS08 { get; }

    public static IReadOnlyDictionary<string, double> DensitiesS09 { get; }

    static ReferenceWrnFixture()
    {
        var path = TestFixtures.WrnErkReference;
        var layers = new List<LayerCost>();
        var s08 = new Dictionary<string, double>();
        var s09 = new Dictionary<string, double>();
        foreach (var line in File.ReadLines(path).Skip(1).Where(l => l.Length > 0))
        {
            // layer,shape,output_hw,weights,dense_forward_macs_per_image,erk_density_s0.8,erk_density_s0.9
            var f = line.Split(',');
            var name = f[0] + ".weight";
            var shape = f[1].Split('x').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            layers.Add(new LayerCost(name, shape, long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)));
            s08[name] = double.Parse(f[5], CultureInfo.InvariantCulture);
            s09[name] = double.Parse(f[6], CultureInfo.InvariantCulture);
        }

        Cost = new ModelCost(layers, [], TotalParams - SparsifiableWeights);
        DensitiesS08 = s08;
        DensitiesS09 = s09;
    }
}
