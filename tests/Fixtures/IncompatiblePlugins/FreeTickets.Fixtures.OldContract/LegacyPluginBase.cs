namespace FreeTickets.Abstractions;

/// <summary>A type that does not exist in the real contract.</summary>
public abstract class LegacyPluginBase
{
    /// <summary>One line for list.</summary>
    public virtual string Description => "legacy";
}
