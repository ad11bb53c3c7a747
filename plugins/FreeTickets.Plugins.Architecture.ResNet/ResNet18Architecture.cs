namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>ResNet-18: basic blocks, 2-2-2-2; 11,689,512 parameters for 1,000 classes and RGB inputs (as torchvision).</summary>
public sealed class ResNet18Architecture : ResNetArchitecture
{
    /// <summary>Creates the plugin.</summary>
    public ResNet18Architecture()
        : base(18, bottleneck: false, [2, 2, 2, 2])
    {
    }
}
