using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Training;

namespace FreeTickets.Cli.Jobs;

/// <summary>A worker's progress, sent to its coordinator, which renders it (the coordinator announces cells itself).</summary>
internal sealed class WorkerObserver(WorkerChannel channel) : IRunObserver
{
    public void OnMatrixStart(MatrixDefinition matrix, IReadOnlyList<CellSpec> cells, IReadOnlyList<CellSpec> toRun)
    {
    }

    public void OnMessage(string message) => channel.Send(new WorkerMessage(WorkerMessage.Message) { Text = message });

    public void OnCellSkipped(CellSpec cell)
    {
    }

    public void OnCellStart(CellSpec cell, int index, int toRun)
    {
    }

    public void OnMember(CellSpec cell, int member, int members) =>
        channel.Send(new WorkerMessage(WorkerMessage.MemberStart) { Cell = cell.Id, Member = member, Members = members });

    public void OnEpoch(CellSpec cell, EpochStats stats) => channel.Send(new WorkerMessage(WorkerMessage.EpochEnd) { Cell = cell.Id, Epoch = stats });

    public void OnTopologyUpdate(CellSpec cell, int run, TopologyUpdate update) =>
        channel.Send(new WorkerMessage(WorkerMessage.TopologyUpdate) { Cell = cell.Id, Member = run, Update = update });

    public void OnCellEnd(CellSpec cell, RunRow row) => channel.Send(new WorkerMessage(WorkerMessage.Done) { Cell = cell.Id });
}
