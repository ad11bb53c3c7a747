using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;
using static TorchSharp.torch.utils.tensorboard;

namespace FreeTickets.Cli;

/// <summary>
/// <c>run --tensorboard DIR</c>: passes every event on to the display and writes TensorBoard event files with TorchSharp's
/// SummaryWriter. One run folder per training run of a cell, <c>DIR/&lt;cell id&gt;/run-&lt;r&gt;</c> (r: the member of
/// a dense or DST ensemble; EDST trains one run whose ticket phases are marked as text), with per-epoch scalars (step: the
/// epoch, numbered as in curves.csv) and per-update topology scalars (step: the training step); and
/// <c>DIR/&lt;cell id&gt;/ensemble</c> with the cell's final test metrics. With <c>--jobs</c> the coordinator writes them
/// from the workers' events. docs/cli.md#tensorboard lists the tags.
/// </summary>
internal sealed class TensorBoardObserver(IRunObserver inner, string root) : IRunObserver
{
    private readonly Dictionary<string, TorchSharp.Modules.SummaryWriter> _writers = [];
    private readonly Dictionary<(string Cell, int Run), string> _phases = [];

    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun) => inner.OnMatrixStart(matrix, cells, toRun);

    public void OnMessage(string message) => inner.OnMessage(message);

    public void OnCellSkipped(CellSpec cell) => inner.OnCellSkipped(cell);

    public void OnCellStart(CellSpec cell, int index, int toRun) => inner.OnCellStart(cell, index, toRun);

    public void OnMember(CellSpec cell, int member, int members) => inner.OnMember(cell, member, members);

    public void OnEpoch(CellSpec cell, EpochStats s)
    {
        var writer = Writer(cell, $"run-{s.Member}");
        var step = s.Epoch;
        Scalar(writer, "train/loss", s.TrainLoss, step);
        Scalar(writer, "train/accuracy", s.TrainAccuracy, step);
        Scalar(writer, "validation/loss", s.ValidationLoss, step);
        Scalar(writer, "validation/accuracy", s.ValidationAccuracy, step);
        Scalar(writer, "learning_rate", s.LearningRate, step);
        Scalar(writer, "density", s.Density, step);
        if (!_phases.TryGetValue((cell.Id, s.Member), out var phase) || phase != s.Phase)
        {
            _phases[(cell.Id, s.Member)] = s.Phase;
            writer.add_text("phase", $"epoch {s.Epoch}: {s.Phase}", step, WallTime);
        }

        inner.OnEpoch(cell, s);
    }

    public void OnTopologyUpdate(CellSpec cell, int run, TopologyUpdate update)
    {
        var writer = Writer(cell, $"run-{run}");
        var step = checked((int)update.Step);
        Scalar(writer, "topology/drop_fraction", update.DropFraction, step);
        Scalar(writer, "topology/weights_pruned", update.Pruned, step);
        Scalar(writer, "topology/weights_moved", update.Relocated, step);
        inner.OnTopologyUpdate(cell, run, update);
    }

    public void OnCellEnd(CellSpec cell, RunRow row)
    {
        if (row.Status == CellStatus.Ok)
        {
            var writer = Writer(cell, "ensemble");
            foreach (var (tag, value) in new (string, double)[]
            {
                ("test/accuracy", row.Accuracy), ("test/nll", row.Nll), ("test/ece", row.Ece), ("test/brier", row.Brier),
                ("test/member_accuracy_mean", row.MemberAccuracyMean), ("diversity/disagreement", row.Disagreement),
                ("diversity/pairwise_kl", row.PairwiseKl), ("ood/auroc", row.OodAuroc), ("corruption/accuracy", row.CorruptionAccuracy),
                ("corruption/nll", row.CorruptionNll), ("cost/train_flops_x_dense", row.TrainFlopsRelDense),
                ("cost/inference_flops_x_dense", row.InferenceFlopsRelDense),
            })
            {
                if (double.IsFinite(value))
                {
                    Scalar(writer, tag, value, 0);
                }
            }
        }

        inner.OnCellEnd(cell, row);
    }

    // Seconds since the Unix epoch, which TensorBoard expects as the event's wall time.
    private static long WallTime => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static void Scalar(TorchSharp.Modules.SummaryWriter writer, string tag, double value, int step) =>
        writer.add_scalar(tag, (float)value, step, WallTime);

    private TorchSharp.Modules.SummaryWriter Writer(CellSpec cell, string run)
    {
        var folder = Path.Combine(root, cell.Id, run);
        if (!_writers.TryGetValue(folder, out var writer))
        {
            _writers[folder] = writer = SummaryWriter(folder);
        }

        return writer;
    }
}
