using System.Globalization;
using FreeTickets.Core.Randomness;

namespace FreeTickets.Core.Tests.Randomness;

public sealed class StableSeedTests
{
    [Fact]
    public void Should_match_pinned_value_When_deriving_from_known_parts()
    {
        // SHA-256("cell-1\u001ffc1.weight\u001f42")[0..8] big-endian, computed independently with Python's hashlib.
        Assert.Equal(14790993392576976788UL, StableSeed.Derive("cell-1", "fc1.weight", 42L));
        Assert.Equal(8306709966045482637UL, StableSeed.Derive(42));
    }

    [Fact]
    public void Should_differ_When_parts_differ()
    {
        var seeds = new[]
        {
            StableSeed.Derive("cell-1", "fc1.weight", 42L),
            StableSeed.Derive("cell-2", "fc1.weight", 42L),
            StableSeed.Derive("cell-1", "fc2.weight", 42L),
            StableSeed.Derive("cell-1", "fc1.weight", 43L),
            StableSeed.Derive("cell-1", "fc1.weight", 42L, "prune"),
            StableSeed.Derive("cell-1", "fc1.weight", 42L, "regrow"),
            StableSeed.Derive("ab", "c"),
            StableSeed.Derive("a", "bc"),
        };

        Assert.Equal(seeds.Length, seeds.Distinct().Count());
    }

    [Fact]
    public void Should_not_depend_on_culture_When_parts_are_numbers()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
            var us = StableSeed.Derive("x", 0.5, 1234567L);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
            var ru = StableSeed.Derive("x", 0.5, 1234567L);
            Assert.Equal(us, ru);
            Assert.Equal(StableSeed.Derive("x", "0.5", "1234567"), ru);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Should_keep_bits_When_converting_to_torch_seed()
    {
        Assert.Equal(-1L, StableSeed.ToTorchSeed(ulong.MaxValue));
        Assert.Equal(42L, StableSeed.ToTorchSeed(42UL));
    }
}
