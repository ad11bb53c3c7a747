namespace FreeTickets.Core.Training;

/// <summary>Learning rate as a function of the (0-based) epoch.</summary>
public interface ILrSchedule
{
    /// <summary>Learning rate used for every step of <paramref name="epoch"/>.</summary>
    double At(int epoch);
}
