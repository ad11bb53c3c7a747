namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>WRN-28-10: 4 blocks per group, widths 160, 320, 640.</summary>
public sealed class WideResNet28x10Architecture : WideResNetArchitecture
{
    /// <summary>Creates the plugin.</summary>
    public WideResNet28x10Architecture()
        : base(28, 10)
    {
    }
}
