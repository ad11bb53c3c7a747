namespace FreeTickets.Abstractions;

/// <summary>
/// Common shape of every plugin. The host creates one instance per plugin type with its public parameterless
/// constructor and refers to it by <see cref="Name"/> in <c>benchmarks.json</c>.
/// </summary>
public interface IPlugin
{
    /// <summary>
    /// Lowercase kebab-case key used in configuration files (for example <c>gradient</c> or <c>wrn-28-10</c>). It must match
    /// <c>[a-z0-9][a-z0-9._-]*</c> and be at most 64 characters: it becomes part of file names (cell ids), so a config may
    /// name no other.
    /// </summary>
    string Name { get; }

    /// <summary>One line shown by <c>freetickets-bench list</c>.</summary>
    string Description { get; }
}
