using FreeTickets.Abstractions;
using FreeTickets.Plugins.Architecture.LeNet5;
using FreeTickets.Plugins.Architecture.Mlp;
using FreeTickets.Plugins.Architecture.WideResNet;

namespace FreeTickets.Benchmarks.Infrastructure;

/// <summary>An architecture plugin with the input it is trained on in the paper's setting and the batch benchmarked.</summary>
/// <param name="Architecture">The plugin instance.</param>
/// <param name="Spec">Input shape (MNIST 1x28x28 or CIFAR 3x32x32) and 10 classes.</param>
/// <param name="BatchSize">128 (the paper's batch), 32 for wrn-16-8 so that a step stays in seconds on one core.</param>
public sealed record ArchitectureCase(IArchitecture Architecture, ArchitectureSpec Spec, int BatchSize)
{
    /// <summary>Names accepted by <see cref="Get"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mlp-300-100", "lenet5", "wrn-16-8"];

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static ArchitectureCase Get(string name) => name switch
    {
        "mlp-300-100" => new(new Mlp300100Architecture(), new ArchitectureSpec([1, 28, 28], 10), 128),
        "lenet5" => new(new LeNet5Architecture(), new ArchitectureSpec([1, 28, 28], 10), 128),
        "wrn-16-8" => new(new WideResNet16x8Architecture(), new ArchitectureSpec([3, 32, 32], 10), 32),
        _ => throw new ArgumentException($"unknown architecture '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
