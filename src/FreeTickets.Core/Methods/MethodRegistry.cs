using FreeTickets.Core.Config;

namespace FreeTickets.Core.Methods;

/// <summary>Name -> method registry.</summary>
public static class MethodRegistry
{
    /// <summary>The method of that name (names are validated when the config is read).</summary>
    public static IMethod Get(string name) => name switch
    {
        MethodNames.Dense => new DenseMethod(ensemble: false),
        MethodNames.DenseEnsemble => new DenseMethod(ensemble: true),
        MethodNames.DstEnsemble => new DstEnsembleMethod(),
        MethodNames.EdstEnsemble => new EdstEnsembleMethod(),
        _ => throw new ArgumentException($"unknown method '{name}'", nameof(name)),
    };
}
