namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>ResNet-50: bottleneck blocks, 3-4-6-3; 25,557,032 parameters for 1,000 classes and RGB inputs (as torchvision).</summary>
public sealed class ResNet50Architecture : ResNetArchitecture
{
    /// <summary>Creates the plugin.</summary>
    public ResNet50Architecture()
        : base(50, bottleneck: true, [3, 4, 6, 3])
    {
    }
}
