using System.Reflection;

namespace FreeTickets.Cli;

/// <summary>Version facts printed by the tool and written into result rows.</summary>
public static class ToolInfo
{
    /// <summary>Informational version of the tool (without the source-revision suffix).</summary>
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
