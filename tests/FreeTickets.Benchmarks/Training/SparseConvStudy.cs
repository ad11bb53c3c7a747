using System.Globalization;
using FreeTickets.Benchmarks.Infrastructure;
using FreeTickets.Core.Sparsity;
using FreeTickets.Core.Sparsity.Execution;
using TorchSharp.Modules;
using static FreeTickets.Benchmarks.Infrastructure.Interleaving;
using static TorchSharp.torch;

namespace FreeTickets.Benchmarks.Training;

/// <summary>
/// <c>--sparse-conv ARCH --sparsity S</c>: issue 17's convolution study. For every convolution of the architecture, at its
/// ERK density for sparsity S and the input it sees in a forward pass of the benchmark batch, the forward pass three
/// ways, interleaved and repeated (median): libtorch's dense convolution (oneDNN); im2col (libtorch's <c>unfold</c>) then
/// the sparse fully connected kernel on the columns (<see cref="SparseKernels.GatherRows"/>) and the reshape back; and
/// the sparse kernel alone, the floor of that route if im2col were free. A forward pass is the cheapest of the three
/// products of a training step, so a route that loses here loses the step too.
/// </summary>
internal static class SparseConvStudy
{
    public static int Run(string architecture, double sparsity, int rounds)
    {
        BenchmarkTorch.Initialize();
        var arch = ArchitectureCase.Get(architecture);
        manual_seed(11);
        using var model = arch.Architecture.Create(arch.Spec);
        model.eval();
        var named = model.named_parameters().Where(p => arch.Architecture.IsSparsifiable(p.name, p.parameter)).ToList();
        using var topology = SparseTopology.Create(named, DensityDistributions.Get("erk"), sparsity, 11);

        // The input each convolution sees, from one forward pass of the benchmark batch.
        var inputs = new Dictionary<string, Tensor>();
        var removers = new List<Action>();
        var convs = model.named_modules().Where(m => m.module is Conv2d).Select(m => (m.name, Conv: (Conv2d)m.module)).ToList();
        if (convs.Count == 0)
        {
            Console.Error.WriteLine($"--sparse-conv: '{architecture}' has no convolutions (try lenet5 or wrn-16-8)");
            return 2;
        }
        foreach (var (name, conv) in convs)
        {
            var remover = conv.register_forward_pre_hook((_, input) =>
            {
                inputs[name] = input.detach().clone().DetachFromDisposeScope();
                return input;
            });
            removers.Add(remover.remove);
        }

        using (no_grad())
        using (var batch = randn([arch.BatchSize, .. arch.Spec.InputShape]))
        {
            model.forward(batch).Dispose();
        }

        removers.ForEach(r => r());
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"sparse-conv: {architecture}, S={sparsity} (ERK), batch {arch.BatchSize}, {rounds} rounds, lanes {SparseKernels.Lanes}, threads {get_num_threads()}"));
        Console.WriteLine("layer | weight | density | dense conv ms | im2col + sparse ms | sparse kernel alone ms | (im2col + sparse) / dense");
        double denseTotal = 0, routeTotal = 0, kernelTotal = 0;
        foreach (var (name, conv) in convs)
        {
            var weightName = name + ".weight";
            var mask = topology[weightName].Mask;
            var weight = conv.weight!;
            using var noGrad = no_grad();
            using var sparseWeight = (weight * mask).contiguous();
            using var flat = sparseWeight.reshape(weight.shape[0], -1);
            using var flatMask = mask.reshape(weight.shape[0], -1);
            var pattern = SparsePattern.FromMask(flatMask);
            var x = inputs[name];
            var kernel = (weight.shape[2], weight.shape[3]);
            var stride = conv.stride;
            var padding = conv.padding;
            Tensor Dense() => nn.functional.conv2d(x, sparseWeight, conv.bias, strides: stride, padding: padding);
            Tensor Route(bool columnsOnly)
            {
                using var scope = NewDisposeScope();
                using var columns = nn.functional.unfold(x, kernel, padding: (padding![0], padding[1]), stride: (stride![0], stride[1])); // [B, C k k, L]
                using var xt = columns.permute(1, 0, 2).reshape(columns.shape[1], -1).contiguous(); // [C k k, B L]
                var yt = SparseLinearExecution.Output(pattern, xt, flat, conv.bias);
                if (columnsOnly)
                {
                    return yt.MoveToOuterDisposeScope();
                }

                var outH = ((x.shape[2] + (2 * padding[0]) - kernel.Item1) / stride[0]) + 1;
                var outW = ((x.shape[3] + (2 * padding[1]) - kernel.Item2) / stride[1]) + 1;
                return yt.reshape(weight.shape[0], x.shape[0], outH, outW).permute(1, 0, 2, 3).contiguous().MoveToOuterDisposeScope();
            }

            // The route must compute the same convolution.
            using (var a = Dense())
            using (var b = Route(columnsOnly: false))
            {
                var diff = (a - b).abs().max().item<float>();
                if (diff > 1e-3f * Math.Max(1f, a.abs().max().item<float>()))
                {
                    Console.Error.WriteLine($"{name}: the im2col route differs from the convolution by {diff}");
                    return 1;
                }
            }

            using var cols = nn.functional.unfold(x, kernel, padding: (padding![0], padding[1]), stride: (stride![0], stride[1]));
            using var xtOnly = cols.permute(1, 0, 2).reshape(cols.shape[1], -1).contiguous();
            var d = new List<double>();
            var r = new List<double>();
            var k = new List<double>();
            for (var round = 0; round <= rounds; round++)
            {
                var td = Time(() => Dense().Dispose());
                var tr = Time(() => Route(columnsOnly: false).Dispose());
                var tk = Time(() => SparseLinearExecution.Output(pattern, xtOnly, flat, conv.bias).Dispose());
                if (round > 0)
                {
                    d.Add(td);
                    r.Add(tr);
                    k.Add(tk);
                }
            }

            var (md, mr, mk) = (Median(d), Median(r), Median(k));
            denseTotal += md;
            routeTotal += mr;
            kernelTotal += mk;
            Console.WriteLine(string.Create(inv,
                $"{name} | [{string.Join("x", weight.shape)}] | {pattern.Density:F4} | {1000 * md:F3} | {1000 * mr:F3} | {1000 * mk:F3} | {mr / md:F2}"));
        }

        Console.WriteLine(string.Create(inv,
            $"all convolutions | | | {1000 * denseTotal:F3} | {1000 * routeTotal:F3} | {1000 * kernelTotal:F3} | {routeTotal / denseTotal:F2}"));
        foreach (var t in inputs.Values)
        {
            t.Dispose();
        }

        return 0;
    }
}
