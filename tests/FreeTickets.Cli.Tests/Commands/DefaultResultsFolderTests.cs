using FreeTickets.Cli.Commands;
using FreeTickets.Core;

namespace FreeTickets.Cli.Tests.Commands;

public sealed class DefaultResultsFolderTests
{
    [Theory]
    [InlineData("ci")]
    [InlineData("paper-cifar10-wrn28-10")]
    [InlineData("a..b")]
    public void Should_give_results_slash_matrix_When_the_folder_lies_inside_results(string matrix)
    {
        Assert.Equal(Path.Combine("results", matrix), DefaultResultsFolder.For(matrix));
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("a/../..")]
    [InlineData("a/../../b")]
    [InlineData("/tmp/escaped")]
    [InlineData("a\0b")]
    public void Should_refuse_the_default_folder_When_it_would_not_lie_strictly_inside_results(string matrix)
    {
        // The loader refuses these names first; this is the guard that holds even if one slipped through.
        var ex = Assert.Throws<BadInputException>(() => DefaultResultsFolder.For(matrix));

        Assert.Contains(": the default output folder must lie inside results/ (got matrix '", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("); pass --out DIR to write elsewhere", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', ex.Message);
    }
}
