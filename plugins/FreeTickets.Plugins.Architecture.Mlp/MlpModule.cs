using FreeTickets.Abstractions;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.Mlp;

/// <summary>The LeNet-300-100 network; field names are the PyTorch state_dict keys.</summary>
internal sealed class MlpModule : nn.Module<Tensor, Tensor>
{
    private readonly SparseLinear fc1;
    private readonly SparseLinear fc2;
    private readonly SparseLinear fc3;

    public MlpModule(long inputs, int classes) : base("LeNet300100")
    {
        fc1 = new SparseLinear(inputs, 300);
        fc2 = new SparseLinear(300, 100);
        fc3 = new SparseLinear(100, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input.flatten(1);
        x = nn.functional.relu(fc1.call(x));
        x = nn.functional.relu(fc2.call(x));
        return fc3.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            fc1.Dispose();
            fc2.Dispose();
            fc3.Dispose();
        }

        base.Dispose(disposing);
    }
}
