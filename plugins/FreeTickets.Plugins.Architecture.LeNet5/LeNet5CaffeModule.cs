using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.LeNet5;

/// <summary>The LeNet-5-Caffe network; field names are the released code's state_dict keys (conv1, conv2, fc3, fc4).</summary>
internal sealed class LeNet5CaffeModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly SparseLinear fc3;
    private readonly SparseLinear fc4;

    public LeNet5CaffeModule(long channels, long flattened, int classes) : base("LeNet5Caffe")
    {
        conv1 = nn.Conv2d(channels, 20L, 5L);
        conv2 = nn.Conv2d(20L, 50L, 5L);
        fc3 = new SparseLinear(flattened, 500);
        fc4 = new SparseLinear(500, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.call(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.call(x)), 2);
        x = nn.functional.relu(fc3.call(x.flatten(1)));
        return fc4.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            fc3.Dispose();
            fc4.Dispose();
        }

        base.Dispose(disposing);
    }
}
