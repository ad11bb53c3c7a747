using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>Exact tensor comparison for assertions (TorchSharp's <c>Tensor.equal</c> is element-wise).</summary>
internal static class TensorComparison
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(Tensor a, Tensor b)
    {
        if (!a.shape.SequenceEqual(b.shape))
        {
            return false;
        }

        using var equal = a.eq(b);
        using var all = equal.all();
        return all.item<bool>();
    }
}
