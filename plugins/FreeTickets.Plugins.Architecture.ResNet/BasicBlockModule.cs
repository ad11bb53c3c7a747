using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>
/// torchvision's BasicBlock: conv 3x3 (stride) - BN - ReLU - conv 3x3 - BN, plus the identity or <c>downsample</c>
/// (conv 1x1 with the stride, BN), then ReLU.
/// </summary>
internal sealed class BasicBlockModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly ModuleList<nn.Module<Tensor, Tensor>>? downsample;
    private readonly long _stride;

    public BasicBlockModule(long input, long planes, long stride) : base("BasicBlock")
    {
        conv1 = nn.Conv2d(input, planes, 3L, stride: stride, padding: 1L, bias: false);
        bn1 = nn.BatchNorm2d(planes);
        conv2 = nn.Conv2d(planes, planes, 3L, stride: 1L, padding: 1L, bias: false);
        bn2 = nn.BatchNorm2d(planes);
        _stride = stride;
        downsample = ShortcutProjection.CreateIfNeeded(input, planes, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = bn2.call(conv2.call(x));
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
            downsample?.Dispose();
        }

        base.Dispose(disposing);
    }
}
