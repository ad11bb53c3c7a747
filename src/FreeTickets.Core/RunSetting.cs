namespace FreeTickets.Core;

/// <summary>
/// A setting of how a run executes, as the engine knows it. How the user gives one (the CLI's options) is the host's
/// business: a <see cref="BadSettingException"/> names the setting by this kind and the host words it.
/// </summary>
public enum RunSetting
{
    /// <summary>Torch's intra-op thread count.</summary>
    Threads,

    /// <summary>The device to train on (auto, cpu, cuda, cuda:N).</summary>
    Device,

    /// <summary>Which shard of a matrix's cells runs (index i of n).</summary>
    Shard,

    /// <summary>How sparse layers compute for every cell (masked, sparse), overriding <c>sparse.execution</c>.</summary>
    Execution,
}
