namespace FreeTickets.Core.Sparsity;

/// <summary>Drop fraction p (the paper's death rate) as a function of the optimizer step.</summary>
public interface IDropSchedule
{
    /// <summary>Registry key (<c>constant</c>, <c>cosine</c>).</summary>
    string Name { get; }

    /// <summary>Drop fraction at optimizer step <paramref name="step"/> (counted from 0).</summary>
    double At(long step);
}
