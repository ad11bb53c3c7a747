using FreeTickets.Core.Sparsity;

namespace FreeTickets.Core.Tests.Sparsity;

public sealed class DropScheduleTests
{
    [Theory]
    [InlineData(0L, 0.3)]
    [InlineData(1L, 0.3)]
    [InlineData(1_000_000L, 0.3)]
    public void Should_return_p_at_every_step_When_constant(long step, double expected)
    {
        Assert.Equal(expected, new ConstantDropSchedule(0.3).At(step), 15);
    }

    [Theory]
    [InlineData(0L, 0.5)]
    [InlineData(25L, 0.441421356237)]
    [InlineData(50L, 0.3)]
    [InlineData(75L, 0.158578643763)]
    [InlineData(100L, 0.1)]
    [InlineData(150L, 0.1)]
    [InlineData(-5L, 0.5)]
    public void Should_decay_from_p0_to_pmin_When_cosine(long step, double expected)
    {
        // p_t = 0.1 + 0.4 (1 + cos(pi t / 100)) / 2
        Assert.Equal(expected, new CosineDropSchedule(0.5, 0.1, 100).At(step), 10);
    }

    [Fact]
    public void Should_create_by_name_When_factory_is_asked()
    {
        Assert.Equal(0.5, Assert.IsType<ConstantDropSchedule>(DropSchedules.Create("constant", 0.5, 0.0, 10)).At(7));
        var cosine = Assert.IsType<CosineDropSchedule>(DropSchedules.Create("Cosine", 0.5, 0.1, 100));
        Assert.Equal(0.3, cosine.At(50), 12);
    }

    [Fact]
    public void Should_list_known_names_When_factory_is_asked_for_unknown_name()
    {
        var error = Assert.Throws<ArgumentException>(() => DropSchedules.Create("linear", 0.5, 0.1, 100));
        Assert.Contains("constant, cosine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_bad_arguments_When_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantDropSchedule(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDropSchedule(0.5, 0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDropSchedule(0.5, -0.1, 10));
    }
}
