using FreeTickets.Abstractions;

namespace FreeTickets.Core.Plugins;

/// <summary>One plugin found by the host.</summary>
/// <param name="Kind">Extension point it implements.</param>
/// <param name="Name">Configuration key.</param>
/// <param name="Description">One-line description.</param>
/// <param name="AssemblyPath">Full path of the assembly that defines it.</param>
/// <param name="Version">Informational version of that assembly.</param>
/// <param name="Instance">The instance the engine uses.</param>
public sealed record PluginDescriptor(
    PluginKind Kind,
    string Name,
    string Description,
    string AssemblyPath,
    string Version,
    IPlugin Instance)
{
    /// <summary>File name of <see cref="AssemblyPath"/>.</summary>
    public string AssemblyFile => Path.GetFileName(AssemblyPath);
}
