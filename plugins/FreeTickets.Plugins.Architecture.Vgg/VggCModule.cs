using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.Vgg;

/// <summary>
/// The VGG-C network. <c>features</c> and <c>classifier</c> are lists run in order through <c>call</c>, so their indices
/// (ReLU and pooling included) give the reference's state_dict keys: <c>features.0.weight</c> is the first convolution,
/// <c>features.1</c> its BatchNorm, <c>classifier.6</c> the last Linear.
/// </summary>
internal sealed class VggCModule : nn.Module<Tensor, Tensor>
{
    /// <summary>Channels of the last convolution.</summary>
    public const long Channels = 512;

    // (kernel, channels); kernel 0 is a 2x2 max pooling. Every convolution has padding 1.
    private static readonly (long Kernel, long Channels)[] _config =
    [
        (3, 64), (3, 64), (0, 0),
        (3, 128), (3, 128), (0, 0),
        (3, 256), (3, 256), (1, 256), (0, 0),
        (3, 512), (3, 512), (1, 512), (0, 0),
        (3, 512), (3, 512), (1, 512), (0, 0),
    ];

    private readonly ModuleList<nn.Module<Tensor, Tensor>> features;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> classifier;

    public VggCModule(long inputChannels, long flattened, int classes) : base("VGG16")
    {
        features = new ModuleList<nn.Module<Tensor, Tensor>>();
        var channels = inputChannels;
        foreach (var (kernel, output) in _config)
        {
            if (kernel == 0)
            {
                features.Add(nn.MaxPool2d(2, 2));
                continue;
            }

            features.Add(nn.Conv2d(channels, output, kernel, padding: 1L));
            features.Add(nn.BatchNorm2d(output));
            features.Add(nn.ReLU());
            channels = output;
        }

        classifier = new ModuleList<nn.Module<Tensor, Tensor>>(
            new SparseLinear(flattened, 512),
            nn.ReLU(),
            nn.BatchNorm1d(512),
            new SparseLinear(512, 512),
            nn.ReLU(),
            nn.BatchNorm1d(512),
            new SparseLinear(512, classes));
        RegisterComponents();
    }

    /// <summary>Side of the last feature map for an input side: 3x3 convolutions keep it, 1x1 ones (padding 1) add 2, pooling halves it.</summary>
    public static long FeatureSide(long side)
    {
        foreach (var (kernel, _) in _config)
        {
            side = kernel == 0 ? side / 2 : side + 2 - kernel + 1;
            if (side < 1)
            {
                return 0;
            }
        }

        return side;
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var layer in features)
        {
            x = layer.call(x);
        }

        x = x.flatten(1);
        foreach (var layer in classifier)
        {
            x = layer.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features.Dispose();
            classifier.Dispose();
        }

        base.Dispose(disposing);
    }
}
