using FreeTickets.Core.Training;

namespace FreeTickets.Core.Methods;

/// <summary>M independent runs trained one after the other (only one member's training state is alive at a time).</summary>
internal static class IndependentRuns
{
    public static MethodOutcome Run(MethodContext context, int members, bool sparse, CancellationToken cancellationToken)
    {
        var training = context.Cell.Settings.Training;
        var schedule = new MultiStepLrSchedule(training.LearningRate, training.Epochs, training.LrMilestones, training.LrGamma);
        var stepsPerEpoch = (context.Data.TrainCount + training.BatchSize - 1) / training.BatchSize;
        var resume = context.Checkpoints.TryResume();
        var outcomes = resume is null ? [] : CheckpointSession.CompletedMembers(resume);
        var curves = resume is null ? [] : resume.Header.CompletedCurves.ToList();
        try
        {
            for (var member = resume?.Header.RunIndex ?? 0; member < members; member++)
            {
                using var run = new MemberRun(context, member, sparse, stepsPerEpoch * training.Epochs);
                var firstEpoch = 0;
                if (resume is not null)
                {
                    run.Restore(resume);
                    firstEpoch = resume.Header.NextEpoch;
                    resume.Dispose();
                    resume = null;
                }

                context.Observer.OnMember(context.Cell, member, members);
                for (var epoch = firstEpoch; epoch < training.Epochs; epoch++)
                {
                    run.Epoch(epoch, schedule.At(epoch), "train", cancellationToken);
                    context.Checkpoints.EpochDone(member, epoch + 1, outcomes, curves, run);
                }

                outcomes.Add(run.Snapshot(member, training.Epochs));
                curves.AddRange(run.Curves);
            }

            return new MethodOutcome(outcomes, curves, members * training.Epochs) { TrainingSeconds = MethodOutcome.TrainingSecondsOf(curves) };
        }
        catch
        {
            outcomes.ForEach(o => o.Dispose());
            throw;
        }
        finally
        {
            resume?.Dispose();
        }
    }
}
