using FreeTickets.Core.Config;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Methods;

/// <summary>
/// Where the EDST tickets of the paper matrices fall relative to topology updates. With Delta T = 1000 and CIFAR's 352
/// steps per epoch, a phase can end on the very step of an update that has just pruned a fraction of every layer's active
/// weights and regrown as many at zero: the last epoch of such a phase is the worst moment to take a ticket. The engine
/// therefore reports each ticket's best-validation epoch within its phase (MatrixRunnerTests checks that rule on a run).
/// </summary>
public sealed class EdstTicketTimingTests
{
    private const int CifarTrainImages = 50_000;

    private static readonly BenchmarkConfig _committed = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json"));

    public static TheoryData<string> PaperEdstMatrices() =>
        [.. _committed.Matrices.Values.Where(m => m.Name.StartsWith("paper-", StringComparison.Ordinal) && m.Methods.Contains(MethodNames.EdstEnsemble)).Select(m => m.Name)];

    [Fact]
    public void Should_find_the_paper_matrices_among_the_committed_ones()
    {
        Assert.Equal(4, PaperEdstMatrices().Count);
    }

    [Theory]
    [MemberData(nameof(PaperEdstMatrices))]
    public void Should_select_tickets_on_validation_When_a_paper_phase_ends_on_an_update(string name)
    {
        var settings = _committed.Matrix(name).SettingsByMethod[MethodNames.EdstEnsemble];
        var (training, sparse, ensemble) = (settings.Training, settings.Sparse, settings.Ensemble);
        var validation = (long)Math.Round(CifarTrainImages * training.ValidationFraction);
        var stepsPerEpoch = (CifarTrainImages - validation + training.BatchSize - 1) / training.BatchSize;
        Assert.Equal(352, stepsPerEpoch);

        // Steps between the last topology update and the end of each phase (a ticket is taken at the end at the latest).
        var gaps = Enumerable.Range(1, ensemble.Members)
            .Select(k => (ensemble.ExploreEpochs + ((long)k * ensemble.RefineEpochs)) * stepsPerEpoch % sparse.UpdateInterval)
            .ToList();

        // M=3: phases end 0, 200 and 400 steps after an update; M=7 hits a 0-step gap twice.
        if (ensemble.Members == 3)
        {
            Assert.Equal([0L, 200, 400], gaps);
        }

        Assert.Equal(ensemble.Members == 3 ? 1 : 2, gaps.Count(g => g == 0));

        // So the last epoch of a phase is not taken blindly: tickets are best-validation checkpoints of their phase.
        Assert.True(training.SelectBest);
        Assert.True(training.ValidationFraction > 0);
    }
}
