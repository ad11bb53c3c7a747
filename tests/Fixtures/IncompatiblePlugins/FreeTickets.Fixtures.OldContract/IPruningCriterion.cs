using static TorchSharp.torch;

namespace FreeTickets.Abstractions;

/// <summary>As in the real contract.</summary>
public interface IPruningCriterion : IPlugin
{
    /// <summary>Higher = keep.</summary>
    Tensor Score(MaskedLayer layer, MaskUpdateContext context);
}
