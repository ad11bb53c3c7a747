namespace FreeTickets.Core.Methods;

/// <summary>A training method of the benchmark (dense, dense-ensemble, dst-ensemble, edst-ensemble).</summary>
public interface IMethod
{
    /// <summary>Configuration key.</summary>
    string Name { get; }

    /// <summary>Trains the members of a cell. Never holds more than one member's training state at a time.</summary>
    MethodOutcome Run(MethodContext context, CancellationToken cancellationToken);
}
