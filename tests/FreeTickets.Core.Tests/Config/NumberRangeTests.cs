using System.Text.Json.Nodes;
using FreeTickets.Core.Config;

namespace FreeTickets.Core.Tests.Config;

/// <summary>One range, three readers: the checks (Contains), the messages (Describe) and the schema (WriteTo).</summary>
public sealed class NumberRangeTests
{
    [Theory]
    [InlineData(1.0, null, false, false, "at least 1")]
    [InlineData(0.0, null, false, false, ">= 0")]
    [InlineData(0.0, null, true, false, "positive")]
    [InlineData(2.0, null, true, false, "greater than 2")]
    [InlineData(null, 5.0, false, false, "at most 5")]
    [InlineData(null, 5.0, false, true, "less than 5")]
    [InlineData(0.0, 1.0, false, true, "in [0, 1)")]
    [InlineData(0.0, 0.5, true, false, "in (0, 0.5]")]
    [InlineData(0.0, 1.0, false, false, "in [0, 1]")]
    [InlineData(null, null, false, false, "a number")]
    public void Should_word_the_range_as_messages_say_it_When_describing(double? minimum, double? maximum, bool exclusiveMinimum, bool exclusiveMaximum, string expected)
    {
        Assert.Equal(expected, new NumberRange(minimum, maximum, exclusiveMinimum, exclusiveMaximum).Describe());
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(1e-9, true)]
    [InlineData(0.5, true)]
    [InlineData(1.0, false)]
    [InlineData(double.NaN, false)]
    public void Should_refuse_both_bounds_When_they_are_exclusive(double value, bool expected)
    {
        Assert.Equal(expected, new NumberRange(0, 1, ExclusiveMinimum: true, ExclusiveMaximum: true).Contains(value));
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(-1e-9, false)]
    [InlineData(1.0, true)]
    [InlineData(1.0000001, false)]
    public void Should_accept_both_bounds_When_they_are_inclusive(double value, bool expected)
    {
        Assert.Equal(expected, new NumberRange(0, 1).Contains(value));
    }

    [Fact]
    public void Should_write_the_matching_schema_keywords_When_a_bound_is_exclusive()
    {
        var node = new JsonObject();

        new NumberRange(0, 1, ExclusiveMinimum: true).WriteTo(node);

        Assert.Equal("""{"exclusiveMinimum":0,"maximum":1}""", node.ToJsonString());
    }

    [Fact]
    public void Should_write_no_keyword_When_the_range_has_no_bound()
    {
        var node = new JsonObject();

        new NumberRange().WriteTo(node);

        Assert.Empty(node);
    }
}
