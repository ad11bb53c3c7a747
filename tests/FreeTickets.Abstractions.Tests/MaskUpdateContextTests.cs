using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Abstractions.Tests;

public sealed class MaskUpdateContextTests
{
    [Fact]
    public void Should_hand_plugins_the_seeded_generator_itself_When_they_draw()
    {
        // Plugins draw from the engine's generator, not from a copy: the same cell draws the same numbers, and a draw
        // moves the engine's stream on.
        using var scope = NewDisposeScope();
        using var generator = new Generator(7, CPU);
        using var twin = new Generator(7, CPU);
        var context = new MaskUpdateContext(Step: 100, DropFraction: 0.3, Generator: generator);

        var first = rand(8, generator: context.Generator);
        var second = rand(8, generator: generator);

        Assert.Same(generator, context.Generator);
        Assert.Equal(100L, context.Step);
        Assert.Equal(0.3, context.DropFraction);
        Assert.True(first.eq(rand(8, generator: twin)).all().item<bool>(), "the same seed draws the same numbers");
        Assert.True(second.eq(rand(8, generator: twin)).all().item<bool>(), "the context's draw advanced the engine's generator");
    }
}
