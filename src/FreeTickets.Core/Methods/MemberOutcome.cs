using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Methods;

/// <summary>One trained member (or EDST ticket): its test predictions and size.</summary>
/// <param name="Index">Member index 0..M-1.</param>
/// <param name="Seed">Seed of the run that produced the member (<see cref="MemberSeeds.For"/>; every EDST ticket comes from
/// the one run of the cell seed).</param>
/// <param name="TestProbabilities">Softmax on the full test set, float32 [N, C] on the CPU (owned by the outcome).</param>
/// <param name="ActiveWeights">Nonzero-capable sparsifiable weights (mask ones; all for dense).</param>
/// <param name="SparsifiableWeights">All sparsifiable weights.</param>
/// <param name="Densities">Density per sparsifiable layer.</param>
/// <param name="Epochs">Epochs that produced this member (for EDST: epochs of the whole run up to the ticket).</param>
/// <param name="TopologyUpdates">Topology updates performed up to this member.</param>
/// <param name="SelectedEpoch">Epoch of the reported checkpoint (the best-validation one when selectBest, else the last one).</param>
public sealed record MemberOutcome(
    int Index,
    long Seed,
    Tensor TestProbabilities,
    long ActiveWeights,
    long SparsifiableWeights,
    IReadOnlyDictionary<string, double> Densities,
    int Epochs,
    int TopologyUpdates,
    int SelectedEpoch) : IDisposable
{
    /// <summary>
    /// Softmax on each of the cell's robustness sets (<see cref="MethodContext.Robustness"/>, same order), float32 [N_k, C]
    /// on the CPU (owned by the outcome); empty when none is configured.
    /// </summary>
    public IReadOnlyList<Tensor> RobustnessProbabilities { get; init; } = [];

    /// <summary>
    /// Measured inference time of this member alone (median seconds per batch of 128 and of 1, after warm-up, in the
    /// execution mode it was trained in); null when it was not measured.
    /// </summary>
    public InferenceTiming? Inference { get; init; }

    /// <summary>
    /// Under sparse execution, how each masked layer computed, by weight name (<c>sparse</c>, or <c>masked: </c> and why);
    /// null otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, string>? LayerExecution { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        TestProbabilities.Dispose();
        foreach (var p in RobustnessProbabilities)
        {
            p.Dispose();
        }
    }
}
