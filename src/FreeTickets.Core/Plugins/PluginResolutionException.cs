namespace FreeTickets.Core.Plugins;

/// <summary>A configured plugin name cannot be resolved (unknown, duplicated, or its assembly failed to load).</summary>
public sealed class PluginResolutionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginResolutionException(string message, bool causedByLoadFailure) : base(message)
    {
        CausedByLoadFailure = causedByLoadFailure;
    }

    /// <summary>
    /// True when some plugin failed to load, so the name may belong to it: such cells fail individually instead of
    /// the whole configuration being rejected.
    /// </summary>
    public bool CausedByLoadFailure { get; }
}
