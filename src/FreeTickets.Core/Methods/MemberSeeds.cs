using FreeTickets.Core.Randomness;

namespace FreeTickets.Core.Methods;

/// <summary>
/// The seed each ensemble member trains with. Member 0 keeps the cell seed, so a dense ensemble of seed s contains the
/// dense run of seed s (a paired comparison); every other member's seed is hashed from (s, i), so no two cells of a
/// matrix share a member (seeds s..s+M-1 would: the cells of seeds 1 and 2 would share two of three members).
/// </summary>
public static class MemberSeeds
{
    /// <summary>
    /// The seed of member <paramref name="member"/> of a cell with seed <paramref name="cellSeed"/>: the cell seed for
    /// member 0, else a non-negative 63-bit value derived with <see cref="StableSeed"/>. A single run configured with
    /// that seed trains exactly like the member.
    /// </summary>
    public static long For(long cellSeed, int member)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        return member == 0 ? cellSeed : (long)(StableSeed.Derive("member-seed", cellSeed, member) >> 1);
    }
}
