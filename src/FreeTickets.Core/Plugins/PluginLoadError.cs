namespace FreeTickets.Core.Plugins;

/// <summary>A plugin assembly or type that could not be used, and why (one line).</summary>
/// <param name="Source">The assembly path (or folder) concerned.</param>
/// <param name="Message">What went wrong.</param>
public sealed record PluginLoadError(string Source, string Message);
