using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>
/// A classification dataset loaded whole into tensors, so the training loop indexes batches and never waits
/// on I/O.
/// </summary>
public interface IDataset : IPlugin
{
    /// <summary>Shape, classes and sizes of the dataset (known without loading it).</summary>
    DatasetSpec Spec { get; }

    /// <summary>
    /// Loads a split: inputs as float32 [N, C, H, W] already normalised, labels as int64 [N], on
    /// <see cref="DatasetLoadOptions.Device"/>. Missing or corrupt files raise <see cref="DatasetException"/>
    /// with a message saying which file and how to obtain it.
    /// </summary>
    /// <param name="split">Train or test.</param>
    /// <param name="options">Data root, device and seed.</param>
    DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options);

    /// <summary>
    /// Training-time augmentation of a batch (already on the device), as batched tensor ops. Never applied to
    /// validation or test data. The default is no augmentation. Randomness must come from
    /// <paramref name="generator"/>.
    /// </summary>
    /// <param name="batch">Normalised inputs [B, C, H, W]; do not modify in place.</param>
    /// <param name="generator">Seeded generator of the training run.</param>
    Tensor Augment(Tensor batch, Generator generator) => batch.alias();
}
