namespace FreeTickets.Plugins.Tests.Regrowth;

/// <summary>
/// The 8-weight example shared by the momentum rules: magnitude prunes 2 of the 5 active weights (positions 1 and 6),
/// leaving {1, 2, 4, 6, 7} to regrow 2 of, after two steps with gradients <see cref="First"/> and <see cref="Second"/>.
/// </summary>
internal static class MomentumFixture
{
    public const double Momentum = 0.5;
    public const double DropFraction = 0.4;

    public static readonly float[] Weight = [0.5f, -0.1f, 0f, 0.8f, 0f, -0.3f, 0.05f, 0f];
    public static readonly float[] Mask = [1, 1, 0, 1, 0, 1, 1, 0];
    public static readonly float[] First = [0f, 1f, 6f, 0f, 0.1f, 0f, -1f, 1f];
    public static readonly float[] Second = [0f, 1f, -1f, 0f, 0.2f, 0f, 1.8f, 1.5f];

    /// <summary>Kept after the magnitude prune: 0, 3 and 5 (|w| = .5, .8, .3 beat .1 and .05).</summary>
    public static readonly int[] Kept = [0, 3, 5];

    public static float[] MaskWith(params int[] grown)
    {
        var mask = new float[8];
        foreach (var i in Kept.Concat(grown))
        {
            mask[i] = 1f;
        }

        return mask;
    }
}
