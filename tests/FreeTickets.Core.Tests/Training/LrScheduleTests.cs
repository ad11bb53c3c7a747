using FreeTickets.Core.Training;

namespace FreeTickets.Core.Tests.Training;

public sealed class LrScheduleTests
{
    [Fact]
    public void Should_decay_tenfold_at_floor_of_half_and_three_quarters_When_ten_epochs()
    {
        var schedule = new MultiStepLrSchedule(0.1, 10, [0.5, 0.75], 0.1);
        double[] expected = [0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.001, 0.001, 0.001];

        var table = Enumerable.Range(0, 10).Select(schedule.At).ToArray();

        Assert.Equal(expected.Length, table.Length);
        for (var epoch = 0; epoch < expected.Length; epoch++)
        {
            Assert.True(Math.Abs(expected[epoch] - table[epoch]) < 1e-15, $"epoch {epoch}: {table[epoch]} vs {expected[epoch]}");
        }
    }

    [Theory]
    [InlineData(4, new[] { 0.1, 0.1, 0.01, 0.001 })]
    [InlineData(2, new[] { 0.1, 0.001 })]
    [InlineData(250, null)]
    public void Should_match_pytorch_multistep_milestones_When_epochs_vary(int epochs, double[]? expected)
    {
        var schedule = new MultiStepLrSchedule(0.1, epochs, [0.5, 0.75], 0.1);
        var first = (int)Math.Floor(0.5 * epochs);
        var second = (int)Math.Floor(0.75 * epochs);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var want = expected?[epoch] ?? (epoch < first ? 0.1 : epoch < second ? 0.01 : 0.001);
            Assert.True(Math.Abs(want - schedule.At(epoch)) < 1e-15, $"epoch {epoch}: {schedule.At(epoch)} vs {want}");
        }
    }

    [Fact]
    public void Should_keep_the_initial_rate_When_there_are_no_milestones()
    {
        var schedule = new MultiStepLrSchedule(0.05, 10, [], 0.1);
        Assert.All(Enumerable.Range(0, 10), e => Assert.Equal(0.05, schedule.At(e)));
    }

    [Fact]
    public void Should_total_explore_plus_M_refine_epochs_When_building_the_edst_timeline()
    {
        var schedule = new EdstSchedule(0.1, exploreEpochs: 6, refineEpochs: 4, members: 3);
        Assert.Equal(18, schedule.TotalEpochs);
    }

    [Fact]
    public void Should_follow_the_paper_lr_table_When_exploring_then_refining()
    {
        var schedule = new EdstSchedule(0.1, 6, 4, 3);
        double[] expected =
        [
            0.1, 0.1, 0.1, 0.1, 0.1, 0.1, // exploration
            0.01, 0.01, 0.001, 0.001, // phase 0
            0.01, 0.01, 0.001, 0.001, // phase 1
            0.01, 0.01, 0.001, 0.001, // phase 2
        ];

        for (var epoch = 0; epoch < schedule.TotalEpochs; epoch++)
        {
            Assert.True(Math.Abs(expected[epoch] - schedule.At(epoch)) < 1e-15, $"epoch {epoch}: {schedule.At(epoch)} vs {expected[epoch]}");
        }
    }

    [Fact]
    public void Should_give_the_first_half_the_extra_epoch_When_a_phase_is_odd()
    {
        // The released main_EDST.py drops to 0.001 after np.ceil(phase start + R / 2) epochs: 3 of 5 at 0.01.
        var schedule = new EdstSchedule(0.1, exploreEpochs: 1, refineEpochs: 5, members: 2);
        double[] expected = [0.1, 0.01, 0.01, 0.01, 0.001, 0.001, 0.01, 0.01, 0.01, 0.001, 0.001];

        Assert.Equal(expected.Length, schedule.TotalEpochs);
        for (var epoch = 0; epoch < schedule.TotalEpochs; epoch++)
        {
            Assert.True(Math.Abs(expected[epoch] - schedule.At(epoch)) < 1e-15, $"epoch {epoch}: {schedule.At(epoch)} vs {expected[epoch]}");
        }
    }

    [Fact]
    public void Should_refine_at_0_01_then_0_001_whatever_lr0_When_the_rates_are_absolute()
    {
        // The released main_EDST.py sets 0.01 and 0.001 as constants; lr0 (--lr) only sets exploration.
        var relative = new EdstSchedule(0.05, exploreEpochs: 1, refineEpochs: 2, members: 1);
        var absolute = new EdstSchedule(0.05, exploreEpochs: 1, refineEpochs: 2, members: 1, absoluteRefineRates: true);

        Assert.Equal([0.05, 0.005, 0.0005], Enumerable.Range(0, 3).Select(e => Math.Round(relative.At(e), 12)));
        Assert.Equal([0.05, 0.01, 0.001], Enumerable.Range(0, 3).Select(e => Math.Round(absolute.At(e), 12)));
    }

    [Fact]
    public void Should_map_epochs_to_phases_When_exploring_then_refining()
    {
        var schedule = new EdstSchedule(0.1, 6, 4, 3);
        int[] expected = [-1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];

        Assert.Equal(expected, Enumerable.Range(0, 18).Select(schedule.PhaseOf));
    }

    [Fact]
    public void Should_end_phases_exactly_at_epochs_9_13_17_When_explore_6_refine_4_M_3()
    {
        var schedule = new EdstSchedule(0.1, 6, 4, 3);

        var ends = Enumerable.Range(0, schedule.TotalEpochs).Where(schedule.EndsPhase).ToArray();

        Assert.Equal([9, 13, 17], ends);
    }

    [Theory]
    [InlineData(1, 2, 2)] // the smoke matrix
    [InlineData(150, 100, 3)] // the paper's CIFAR setting
    [InlineData(0, 4, 3)]
    public void Should_yield_one_phase_end_per_ticket_When_any_timeline(int explore, int refine, int members)
    {
        var schedule = new EdstSchedule(0.1, explore, refine, members);

        var ends = Enumerable.Range(0, schedule.TotalEpochs).Where(schedule.EndsPhase).ToArray();

        Assert.Equal(members, ends.Length);
        Assert.Equal(schedule.TotalEpochs - 1, ends[^1]);
        Assert.Equal(Enumerable.Range(0, members), ends.Select(schedule.PhaseOf));
    }
}
