namespace FreeTickets.Tests.Shared;

/// <summary>
/// Data files kept once in tests/Fixtures and linked into the test projects that read them (copied next to the test
/// binary, under Fixtures/).
/// </summary>
internal static class TestFixtures
{
    /// <summary>
    /// The reference WRN-28-10 / CIFAR-10 table computed from the original code's ERK: per layer its shape, output size,
    /// weights, dense forward MACs per image and ERK densities at S = 0.8 and 0.9.
    /// </summary>
    public static string WrnErkReference => Path.Combine(AppContext.BaseDirectory, "Fixtures", "wrn-28-10-cifar10-erk.csv");
}
