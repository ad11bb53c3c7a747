namespace FreeTickets.Core.Methods;

/// <summary>The training loss became NaN or infinite; the cell is recorded as diverged, the matrix goes on.</summary>
public sealed class DivergedException(int member, int epoch, double loss)
    : Exception($"loss became {loss} in member {member}, epoch {epoch}")
{
    /// <summary>Member that diverged.</summary>
    public int Member { get; } = member;

    /// <summary>Epoch (0-based) that diverged.</summary>
    public int Epoch { get; } = epoch;
}
