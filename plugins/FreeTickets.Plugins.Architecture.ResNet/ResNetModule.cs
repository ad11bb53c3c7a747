using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>The ResNet; field names are torchvision's state_dict keys (conv1, bn1, layer1.0.conv1, fc).</summary>
internal sealed class ResNetModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layer1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layer2;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layer3;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> layer4;
    private readonly SparseLinear fc;

    public ResNetModule(long inputChannels, bool bottleneck, IReadOnlyList<int> blocks, int classes) : base("ResNet")
    {
        conv1 = nn.Conv2d(inputChannels, 64L, 7L, stride: 2L, padding: 3L, bias: false);
        bn1 = nn.BatchNorm2d(64);
        var expansion = bottleneck ? 4L : 1L;
        var channels = 64L;
        layer1 = Stage(bottleneck, ref channels, 64, blocks[0], 1);
        layer2 = Stage(bottleneck, ref channels, 128, blocks[1], 2);
        layer3 = Stage(bottleneck, ref channels, 256, blocks[2], 2);
        layer4 = Stage(bottleneck, ref channels, 512, blocks[3], 2);
        fc = new SparseLinear(512 * expansion, classes);
        RegisterComponents();
        Initialise();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.relu(bn1.call(conv1.call(input)));
        x = nn.functional.max_pool2d(x, 3, 2, 1);
        foreach (var stage in new[] { layer1, layer2, layer3, layer4 })
        {
            foreach (var block in stage)
            {
                x = block.call(x);
            }
        }

        // Adaptive average pooling to 1x1: torchvision's avgpool, valid for any input size.
        x = x.mean([2L, 3L]);
        return fc.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            bn1.Dispose();
            layer1.Dispose();
            layer2.Dispose();
            layer3.Dispose();
            layer4.Dispose();
            fc.Dispose();
        }

        base.Dispose(disposing);
    }

    private static ModuleList<nn.Module<Tensor, Tensor>> Stage(bool bottleneck, ref long channels, long planes, int blocks, long stride)
    {
        var stage = new ModuleList<nn.Module<Tensor, Tensor>>();
        for (var i = 0; i < blocks; i++)
        {
            var blockStride = i == 0 ? stride : 1;
            nn.Module<Tensor, Tensor> block = bottleneck
                ? new BottleneckModule(channels, planes, blockStride)
                : new BasicBlockModule(channels, planes, blockStride);
            stage.Add(block);
            channels = planes * (bottleneck ? BottleneckModule.Expansion : 1);
        }

        return stage;
    }

    /// <summary>torchvision's initialisation: convolutions N(0, sqrt(2 / (out * k * k))), BatchNorm weight 1 and bias 0.</summary>
    private void Initialise()
    {
        using var noGrad = no_grad();
        foreach (var module in modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight!, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    bn.weight!.fill_(1);
                    bn.bias!.zero_();
                    break;
            }
        }
    }
}
