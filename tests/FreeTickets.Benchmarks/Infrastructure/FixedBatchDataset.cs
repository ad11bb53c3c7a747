using FreeTickets.Abstractions;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>
/// The dataset the training-step benchmarks hand to <c>TrainingLoop</c>: its tensors are built by the benchmark, so only
/// the spec and the (identity) augmentation of the contract are used; nothing is ever loaded.
/// </summary>
internal sealed class FixedBatchDataset : IDataset
{
    public FixedBatchDataset(ArchitectureSpec spec) =>
        Spec = new DatasetSpec(spec.InputShape, spec.NumClasses, TrainSize: 0, TestSize: 0);

    public string Name => "fixed-batch";

    public string Description => "in-memory batch built by a benchmark";

    public DatasetSpec Spec { get; }

    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options) =>
        throw new NotSupportedException("the benchmark builds its tensors itself");
}
