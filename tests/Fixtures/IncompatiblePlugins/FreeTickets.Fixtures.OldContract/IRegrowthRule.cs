namespace FreeTickets.Abstractions;

/// <summary>A different member set than the real contract's: scores one layer by name, no tensors.</summary>
public interface IRegrowthRule : IPlugin
{
    /// <summary>Not the real contract's Score(MaskedLayer, MaskUpdateContext).</summary>
    float Score(string layerName);
}
