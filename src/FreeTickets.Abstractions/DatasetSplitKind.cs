namespace FreeTickets.Abstractions;

/// <summary>The official splits of a dataset. Validation is carved out of <see cref="Train"/> by the engine.</summary>
public enum DatasetSplitKind
{
    /// <summary>The official training split.</summary>
    Train,

    /// <summary>The official test split, used only for the final report.</summary>
    Test,
}
