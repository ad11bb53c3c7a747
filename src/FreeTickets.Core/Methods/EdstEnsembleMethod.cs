using FreeTickets.Core.Config;
using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>
/// <c>edst-ensemble</c> (Liu et al. 2022, section 3.2): ONE sparse run of E_explore + M * E_refine epochs. Exploration at the
/// initial LR with topology updates every Delta T; then M refinement phases (first half lr/10, second half lr/100, topology
/// updates continue); ticket k is the best-validation checkpoint within phase k (the model at the end of phase k without
/// selectBest: that can be the step right after a topology update has zeroed half of every layer's active weights).
/// Between phases a global exploration re-draws a fraction q of every layer's connections.
/// </summary>
public sealed class EdstEnsembleMethod : IMethod
{
    /// <inheritdoc />
    public string Name => MethodNames.EdstEnsemble;

    /// <inheritdoc />
    public MethodOutcome Run(MethodContext context, CancellationToken cancellationToken)
    {
        var settings = context.Cell.Settings;
        var schedule = new EdstSchedule(settings.Training.LearningRate, settings.Ensemble.ExploreEpochs, settings.Ensemble.RefineEpochs, settings.Ensemble.Members,
            absoluteRefineRates: settings.Ensemble.RefineRates == RefineRates.Absolute);
        var stepsPerEpoch = (context.Data.TrainCount + settings.Training.BatchSize - 1) / settings.Training.BatchSize;
        using var run = new MemberRun(context, 0, sparse: true, stepsPerEpoch * schedule.TotalEpochs);
        var firstEpoch = 0;
        List<MemberOutcome> tickets = [];
        using (var resume = context.Checkpoints.TryResume())
        {
            if (resume is not null)
            {
                run.Restore(resume);
                tickets = CheckpointSession.CompletedMembers(resume);
                firstEpoch = resume.Header.NextEpoch;
            }
        }

        try
        {
            context.Observer.OnMember(context.Cell, Math.Max(0, schedule.PhaseOf(Math.Min(firstEpoch, schedule.TotalEpochs - 1))), schedule.Members);
            for (var epoch = firstEpoch; epoch < schedule.TotalEpochs; epoch++)
            {
                var phase = schedule.PhaseOf(epoch);
                if (phase > 0 && epoch == schedule.ExploreEpochs + (phase * schedule.RefineEpochs))
                {
                    // Global exploration between tickets; the new phase selects its own best checkpoint.
                    run.Loop.UpdateTopology(settings.Ensemble.ExplorationRate);
                    run.ResetBest();
                    context.Observer.OnMember(context.Cell, phase, schedule.Members);
                }
                else if (phase == 0 && epoch == schedule.ExploreEpochs)
                {
                    run.ResetBest();
                }

                run.Epoch(epoch, schedule.At(epoch), phase < 0 ? "explore" : $"refine-{phase}", cancellationToken);
                if (schedule.EndsPhase(epoch))
                {
                    tickets.Add(run.Snapshot(phase, epoch + 1));
                }

                context.Checkpoints.EpochDone(0, epoch + 1, tickets, [], run);
            }

            return new MethodOutcome(tickets, run.Curves, schedule.TotalEpochs) { TrainingSeconds = MethodOutcome.TrainingSecondsOf(run.Curves) };
        }
        catch
        {
            tickets.ForEach(t => t.Dispose());
            throw;
        }
    }
}
