using FreeTickets.Abstractions;
using FreeTickets.Core.Plugins;
using static TorchSharp.torch;

namespace FreeTickets.Core.Tests.Robustness;

/// <summary>A 1x8x8 out-of-distribution set for the synthetic dataset: wide Gaussian noise, no normalisation declared.</summary>
internal sealed class NoiseDataset : IDataset
{
    public const string Key = "noise-8x8";

    public string Name => Key;

    public string Description => "test: 1x8x8 Gaussian noise (std 3), no normalisation";

    public DatasetSpec Spec { get; } = new([1, 8, 8], 10, 256, 128);

    /// <summary>The splits loaded so far, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<DatasetSplitKind> Loads { get; } = new();

    /// <summary>The built-in plugins plus this dataset (<paramref name="instance"/>, or a new one).</summary>
    public static PluginCatalog With(PluginCatalog catalog, NoiseDataset? instance = null) =>
        new(catalog.Plugins.Append(new PluginDescriptor(PluginKind.Dataset, Key, "test", typeof(NoiseDataset).Assembly.Location, "0", instance ?? new NoiseDataset())), catalog.Errors);

    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        Loads.Enqueue(split);
        using var generator = new Generator(split == DatasetSplitKind.Train ? 11UL : 12UL);
        var n = split == DatasetSplitKind.Train ? 256 : 128;
        return new DatasetSplit(
            (3 * randn([n, 1, 8, 8], generator: generator)).to(options.Device),
            randint(10, [n], dtype: ScalarType.Int64, generator: generator).to(options.Device));
    }
}
