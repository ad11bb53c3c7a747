namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>WRN-16-8: 2 blocks per group, widths 128, 256, 512.</summary>
public sealed class WideResNet16x8Architecture : WideResNetArchitecture
{
    /// <summary>Creates the plugin.</summary>
    public WideResNet16x8Architecture()
        : base(16, 8)
    {
    }
}
