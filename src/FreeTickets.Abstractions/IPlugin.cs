namespace FreeTickets.Abstractions;

/// <summary>
/// Common shape of every plugin. The host creates one instance per plugin type with its public parameterless
/// constructor and refers to it by <see cref="Name"/> in <c>benchmarks.json</c>.
/// </summary>
public interface IPlugin
{
    /// <summary>Lowercase kebab-case key used in configuration files (for example <c>gradient</c> or <c>wrn-28-10</c>).</summary>
    string Name { get; }

    /// <summary>One line shown by <c>freetickets-bench list</c>.</summary>
    string Description { get; }
}
