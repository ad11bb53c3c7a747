using System.Globalization;

namespace FreeTickets.Core.Methods;

/// <summary>
/// The names of the tensors in a cell checkpoint, in one place, so what is written is what is read back. A group is a
/// prefix followed by a parameter, layer or state_dict name; changing any of them makes older checkpoints unreadable
/// (bump <see cref="CheckpointHeader.CurrentVersion"/> then).
/// </summary>
internal static class CheckpointLayout
{
    /// <summary>The model's state_dict, by key.</summary>
    public const string Model = "model/";

    /// <summary>The last batch's gradient of each parameter (EDST's global exploration regrows by it).</summary>
    public const string Gradient = "grad/";

    /// <summary>SGD's momentum buffers, by parameter name.</summary>
    public const string Momentum = "momentum/";

    /// <summary>The masks, by layer name.</summary>
    public const string Mask = "mask/";

    /// <summary>Dense-gradient momentum of SNFS-style regrowth, by layer name.</summary>
    public const string GradientMomentum = "gradmomentum/";

    /// <summary>Average of the squared dense gradient, by layer name.</summary>
    public const string GradientSquare = "gradsquare/";

    /// <summary>The best-validation state_dict, by key.</summary>
    public const string Best = "best/";

    /// <summary>The masks of the best-validation checkpoint, by layer name (sparse runs).</summary>
    public const string BestMask = "bestmask/";

    /// <summary>State of the run's data generator (shuffling and augmentation).</summary>
    public const string DataGenerator = "rng/generator";

    /// <summary>State of torch's global generator.</summary>
    public const string GlobalGenerator = "rng/global";

    /// <summary>Test probabilities of a finished member.</summary>
    public static string CompletedProbabilities(int member) => Completed(member) + "probabilities";

    /// <summary>Prefix of a finished member's probabilities on the robustness sets, followed by the set's index.</summary>
    public static string CompletedRobustness(int member) => Completed(member) + "robustness/";

    private static string Completed(int member) => string.Create(CultureInfo.InvariantCulture, $"completed/{member}/");
}
