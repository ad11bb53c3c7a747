using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>
/// Pre-activation basic block: BN - ReLU - conv 3x3 (stride) - BN - ReLU - conv 3x3, plus the identity, or a 1x1
/// <c>convShortcut</c> of the pre-activated input when the width changes (as in the reference code).
/// </summary>
internal sealed class WideBasicBlockModule : nn.Module<Tensor, Tensor>
{
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv2;
    private readonly Conv2d? convShortcut;

    public WideBasicBlockModule(long input, long output, long stride) : base("BasicBlock")
    {
        bn1 = nn.BatchNorm2d(input);
        conv1 = nn.Conv2d(input, output, 3L, stride: stride, padding: 1L, bias: false);
        bn2 = nn.BatchNorm2d(output);
        conv2 = nn.Conv2d(output, output, 3L, stride: 1L, padding: 1L, bias: false);
        convShortcut = input == output ? null : nn.Conv2d(input, output, 1L, stride: stride, padding: 0L, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var activated = nn.functional.relu(bn1.call(input));
        var x = conv1.call(activated);
        x = conv2.call(nn.functional.relu(bn2.call(x)));
        var shortcut = convShortcut is null ? input : convShortcut.call(activated);
        return (shortcut + x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            bn1.Dispose();
            conv1.Dispose();
            bn2.Dispose();
            conv2.Dispose();
            convShortcut?.Dispose();
        }

        base.Dispose(disposing);
    }
}
