namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>WRN-28-2: 4 blocks per group, widths 32, 64, 128.</summary>
public sealed class WideResNet28x2Architecture : WideResNetArchitecture
{
    /// <summary>Creates the plugin.</summary>
    public WideResNet28x2Architecture()
        : base(28, 2)
    {
    }
}
