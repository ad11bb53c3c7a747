using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.LeNet5;

/// <summary>The LeNet-5 network; field names are the PyTorch state_dict keys.</summary>
internal sealed class LeNet5Module : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly SparseLinear fc1;
    private readonly SparseLinear fc2;
    private readonly SparseLinear fc3;

    public LeNet5Module(long channels, long flattened, int classes) : base("LeNet5")
    {
        conv1 = nn.Conv2d(channels, 6L, 5L);
        conv2 = nn.Conv2d(6L, 16L, 5L);
        fc1 = new SparseLinear(flattened, 120);
        fc2 = new SparseLinear(120, 84);
        fc3 = new SparseLinear(84, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = nn.functional.max_pool2d(nn.functional.relu(conv1.call(input)), 2);
        x = nn.functional.max_pool2d(nn.functional.relu(conv2.call(x)), 2);
        x = nn.functional.relu(fc1.call(x.flatten(1)));
        x = nn.functional.relu(fc2.call(x));
        return fc3.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            conv1.Dispose();
            conv2.Dispose();
            fc1.Dispose();
            fc2.Dispose();
            fc3.Dispose();
        }

        base.Dispose(disposing);
    }
}
