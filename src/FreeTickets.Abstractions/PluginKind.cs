namespace FreeTickets.Abstractions;

/// <summary>The four extension points of freetickets-bench.</summary>
public enum PluginKind
{
    /// <summary>An <see cref="IPruningCriterion"/>.</summary>
    Pruning,

    /// <summary>An <see cref="IRegrowthRule"/>.</summary>
    Regrowth,

    /// <summary>An <see cref="IArchitecture"/>.</summary>
    Architecture,

    /// <summary>An <see cref="IDataset"/>.</summary>
    Dataset,
}
