using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>
/// torchvision's Bottleneck (ResNet V1.5): conv 1x1 - BN - ReLU - conv 3x3 (stride) - BN - ReLU - conv 1x1 (4x width) -
/// BN, plus the identity or <c>downsample</c> (conv 1x1 with the stride, BN), then ReLU.
/// </summary>
internal sealed class BottleneckModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Output channels per plane.</summary>
    public const long Expansion = 4;

    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly ModuleList<nn.Module<Tensor, Tensor>>? downsample;
    private readonly long _stride;

    public BottleneckModule(long input, long planes, long stride) : base("Bottleneck")
    {
        conv1 = nn.Conv2d(input, planes, 1L, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3L, stride: stride, padding: 1L, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        conv3 = nn.Conv2d(planes, planes * Expansion, 1L, bias: false);
        bn3 = nn.BatchNorm2d(planes * Expansion);
        _stride = stride;
        downsample = ShortcutProjection.CreateIfNeeded(input, planes * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = nn.functional.relu(bn2.call(conv2.call(x)));
        x = bn3.call(conv3.call(x));
        var shortcut = downsample is null ? input : ShortcutProjection.Run(downsample, input, _stride);
        return nn.functional.relu(x + shortcut).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            conv2.Dispose();
            bn2.Dispose();
            conv3.Dispose();
            bn3.Dispose();
            downsample?.Dispose();
        }

        base.Dispose(disposing);
    }
}
