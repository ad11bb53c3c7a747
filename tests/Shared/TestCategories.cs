namespace FreeTickets.Tests.Shared;

/// <summary>
/// Trait values for <c>[Trait(TestCategories.Category, ...)]</c>, so that a filter names them one way everywhere:
/// <c>dotnet test --filter Category!=Slow</c> leaves the slow tests out, <c>--filter Category=RealData</c> runs only
/// the checks on real datasets.
/// </summary>
internal static class TestCategories
{
    /// <summary>The trait name the filters use.</summary>
    public const string Category = "Category";

    /// <summary>Trains on real data or for many epochs, or trains a whole matrix: seconds each rather than milliseconds.</summary>
    public const string Slow = "Slow";

    /// <summary>Reads a real dataset (or fetches one); skipped with a reason where the environment lacks it.</summary>
    public const string RealData = "RealData";
}
