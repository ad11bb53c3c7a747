using System.Reflection;
using FreeTickets.Abstractions;

namespace FreeTickets.Abstractions.Tests;

public sealed class GradientStatisticsTests
{
    [Fact]
    public void Should_combine_as_flags_When_a_rule_asks_for_both_statistics()
    {
        var both = GradientStatistics.Momentum | GradientStatistics.SquareAverage;

        Assert.NotNull(typeof(GradientStatistics).GetCustomAttribute<FlagsAttribute>());
        Assert.Equal(GradientStatistics.None, default);
        Assert.Equal(GradientStatistics.None, GradientStatistics.Momentum & GradientStatistics.SquareAverage);
        Assert.True(both.HasFlag(GradientStatistics.Momentum));
        Assert.True(both.HasFlag(GradientStatistics.SquareAverage));
        Assert.NotEqual(GradientStatistics.None, both);
    }
}
