using FreeTickets.Core.Randomness;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FreeTickets.Core.Sparsity;

/// <summary>The masks a topology starts from: drawn from a density distribution, or copied from given masks.</summary>
internal static class InitialMasks
{
    /// <summary>See <see cref="SparseTopology.Create"/>; the caller owns the masks.</summary>
    public static List<MaskedParameter> Draw(
        IEnumerable<(string Name, Parameter Param)> sparsifiable, IDensityDistribution distribution, double sparsity, ulong seed, bool bernoulli)
    {
        ArgumentNullException.ThrowIfNull(sparsifiable);
        ArgumentNullException.ThrowIfNull(distribution);
        var parameters = sparsifiable.ToList();
        RequireUniqueNames(parameters.Select(p => p.Name), nameof(sparsifiable));
        var densities = distribution.Densities(parameters.Select(p => p.Param.shape).ToList(), sparsity);
        if (densities.Count != parameters.Count)
        {
            throw new InvalidOperationException(
                $"density distribution '{distribution.Name}' returned {densities.Count} densities for {parameters.Count} layers");
        }

        return Build(parameters.Count, i =>
        {
            var (name, param) = parameters[i];
            var target = ActiveCountFor(densities[i], param.numel());
            var mask = RandomMask(param, target, bernoulli ? densities[i] : null, StableSeed.Derive(seed, name, "initial-mask"));
            return new MaskedParameter(name, param, mask, bernoulli ? mask.count_nonzero().item<long>() : target);
        });
    }

    /// <summary>See <see cref="SparseTopology.FromMasks"/>; the caller owns the copies.</summary>
    public static List<MaskedParameter> Copy(IEnumerable<(string Name, Parameter Param, Tensor Mask)> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = layers.ToList();
        RequireUniqueNames(list.Select(p => p.Name), nameof(layers));
        return Build(list.Count, i =>
        {
            var (name, param, mask) = list[i];
            if (!mask.shape.SequenceEqual(param.shape))
            {
                throw new ArgumentException(
                    $"mask of '{name}' has shape [{string.Join("x", mask.shape)}], the weight [{string.Join("x", param.shape)}]", nameof(layers));
            }

            using var scope = NewDisposeScope();
            var copy = mask.ne(0).to(param.dtype, param.device).clone().DetachFromDisposeScope();
            return new MaskedParameter(name, param, copy, copy.count_nonzero().item<long>());
        });
    }

    /// <summary>round(density * count), halves away from zero, clamped to [0, count].</summary>
    public static long ActiveCountFor(double density, long count)
    {
        if (double.IsNaN(density) || density < 0.0 || density > 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(density), density, "a density must be in [0, 1]");
        }

        return Math.Clamp((long)Math.Round(density * count, MidpointRounding.AwayFromZero), 0L, count);
    }

    private static void RequireUniqueNames(IEnumerable<string> names, string parameterName)
    {
        var list = names.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("there are no sparsifiable parameters", parameterName);
        }

        var duplicate = list.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"parameter name '{duplicate.Key}' appears more than once", parameterName);
        }
    }

    /// <summary>The layers <paramref name="make"/> builds, in order; on an error the masks made so far are freed.</summary>
    private static List<MaskedParameter> Build(int count, Func<int, MaskedParameter> make)
    {
        var layers = new List<MaskedParameter>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                layers.Add(make(i));
            }
        }
        catch
        {
            foreach (var layer in layers)
            {
                layer.Mask.Dispose();
            }

            throw;
        }

        return layers;
    }

    private static Tensor RandomMask(Parameter param, long active, double? bernoulliDensity, ulong seed)
    {
        using var scope = NewDisposeScope();
        var count = param.numel();
        var flat = zeros(count, dtype: param.dtype, device: CPU);
        if (bernoulliDensity is { } density)
        {
            using var generator = new Generator(seed, CPU);
            flat = rand(new[] { count }, dtype: ScalarType.Float64, generator: generator).lt(density).to(param.dtype);
        }
        else if (active > 0)
        {
            // Drawn on the CPU so a seed gives the same mask on every device; float64 so ties are practically absent.
            using var generator = new Generator(seed, CPU);
            var scores = rand(new[] { count }, dtype: ScalarType.Float64, generator: generator);
            var chosen = scores.topk(checked((int)active), sorted: false).indexes;
            flat.index_fill_(0, chosen, 1);
        }

        return flat.reshape(param.shape).to(param.device).DetachFromDisposeScope();
    }
}
