using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.WideResNet;

/// <summary>The Wide ResNet; field names are the state_dict keys of the reference (conv1, block1.0.conv1, bn1, fc).</summary>
internal sealed class WideResNetModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Sequential block1;
    private readonly Sequential block2;
    private readonly Sequential block3;
    private readonly BatchNorm2d bn1;
    private readonly SparseLinear fc;

    public WideResNetModule(long inputChannels, int depth, int widenFactor, int classes) : base("WideResNet")
    {
        var n = (depth - 4) / 6;
        long[] widths = [16, 16L * widenFactor, 32L * widenFactor, 64L * widenFactor];
        conv1 = nn.Conv2d(inputChannels, widths[0], 3L, stride: 1L, padding: 1L, bias: false);
        block1 = Group(n, widths[0], widths[1], 1);
        block2 = Group(n, widths[1], widths[2], 2);
        block3 = Group(n, widths[2], widths[3], 2);
        bn1 = nn.BatchNorm2d(widths[3]);
        fc = new SparseLinear(widths[3], classes);
        RegisterComponents();
        Initialise();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv1.call(input);
        x = block3.call(block2.call(block1.call(x)));
        x = nn.functional.relu(bn1.call(x));
        // Global average pooling: the reference's avg_pool2d(8) on its 8x8 maps, and still valid for other sizes.
        x = x.mean([2L, 3L]);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            block1.Dispose();
            block2.Dispose();
            block3.Dispose();
            bn1.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Sequential Group(int blocks, long input, long output, long stride) =>
        nn.Sequential(Enumerable.Range(0, blocks)
            .Select(i => (nn.Module<Tensor, Tensor>)new WideBasicBlockModule(i == 0 ? input : output, output, i == 0 ? stride : 1))
            .ToArray());

    /// <summary>The reference's initialisation: convs N(0, sqrt(2 / (k*k*out))), BN weight 1 and bias 0, fc bias 0.</summary>
    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    var fanOut = conv.weight!.shape[0] * conv.weight.shape[2] * conv.weight.shape[3];
                    conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut));
                    break;
                case BatchNorm2d bn:
                    bn.weight!.fill_(1);
                    bn.bias!.zero_();
                    break;
                case SparseLinear linear:
                    linear.Bias!.zero_();
                    break;
            }
        }
    }
}
