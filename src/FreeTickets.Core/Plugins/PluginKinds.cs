using FreeTickets.Abstractions;

namespace FreeTickets.Core.Plugins;

/// <summary>Maps plugin kinds to their contract types and user-facing words.</summary>
public static class PluginKinds
{
    /// <summary>Every kind, in display order.</summary>
    public static IReadOnlyList<PluginKind> All { get; } =
        [PluginKind.Pruning, PluginKind.Regrowth, PluginKind.Architecture, PluginKind.Dataset];

    /// <summary>The contract interface of a kind.</summary>
    public static Type ContractOf(PluginKind kind) => kind switch
    {
        PluginKind.Pruning => typeof(IPruningCriterion),
        PluginKind.Regrowth => typeof(IRegrowthRule),
        PluginKind.Architecture => typeof(IArchitecture),
        PluginKind.Dataset => typeof(IDataset),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Words used in messages: "pruning criterion", "regrowth rule", ...</summary>
    public static string Describe(PluginKind kind) => kind switch
    {
        PluginKind.Pruning => "pruning criterion",
        PluginKind.Regrowth => "regrowth rule",
        PluginKind.Architecture => "architecture",
        PluginKind.Dataset => "dataset",
        _ => kind.ToString(),
    };

    /// <summary>Contract types the host shares with every plugin load context (plus TorchSharp).</summary>
    public static Type[] SharedTypes { get; } =
    [
        typeof(IPlugin), typeof(IPruningCriterion), typeof(IRegrowthRule), typeof(IArchitecture), typeof(IDataset),
        typeof(MaskedLayer), typeof(MaskUpdateContext), typeof(ArchitectureSpec), typeof(DatasetSpec),
        typeof(DatasetSplit), typeof(DatasetLoadOptions), typeof(DatasetException), typeof(PluginKind), typeof(RegrowthCost),
        typeof(GradientStatistics),
        typeof(TorchSharp.torch),
    ];
}
