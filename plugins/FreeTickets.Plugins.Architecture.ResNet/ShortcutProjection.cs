using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Architecture.ResNet;

/// <summary>
/// torchvision's shortcut projection, a list [conv 1x1 (stride, no bias), BatchNorm] so that its parameters are
/// <c>downsample.0.weight</c> and <c>downsample.1.weight</c>; run through <c>call</c> so the FLOPs hooks see the conv.
/// </summary>
/// <remarks>
/// A 1x1 convolution with stride s and no padding equals taking every s-th pixel and applying the 1x1 convolution with
/// stride 1, so the conv is built with stride 1 and <see cref="Run"/> subsamples first: same parameters, same outputs,
/// same MACs. The reason: on the CPU, libtorch 2.10's oneDNN kernel for the input gradient of a strided 1x1 convolution
/// with 1,024 or more output channels (ResNet-50's layer3 and layer4 projections) kills the process with SIGFPE on some
/// machines (seen on an AMD EPYC VM with AVX-512 unless <c>ONEDNN_MAX_CPU_ISA=AVX</c>); the stride-1 kernel is fine.
/// </remarks>
internal static class ShortcutProjection
{
    /// <summary>The projection when the stride or the width changes, else null (identity shortcut).</summary>
    public static ModuleList<nn.Module<Tensor, Tensor>>? CreateIfNeeded(long input, long output, long stride) =>
        stride == 1 && input == output
            ? null
            : new ModuleList<nn.Module<Tensor, Tensor>>(
                nn.Conv2d(input, output, 1L, stride: 1L, bias: false),
                nn.BatchNorm2d(output));

    /// <summary>Applies the projection with stride <paramref name="stride"/>.</summary>
    public static Tensor Run(ModuleList<nn.Module<Tensor, Tensor>> downsample, Tensor input, long stride)
    {
        var x = stride == 1 ? input : input[.., .., TensorIndex.Slice(null, null, stride), TensorIndex.Slice(null, null, stride)];
        foreach (var layer in downsample)
        {
            x = layer.call(x);
        }

        return x;
    }
}
