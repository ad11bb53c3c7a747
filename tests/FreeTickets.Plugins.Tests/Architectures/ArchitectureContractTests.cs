using System.Reflection;
using FreeTickets.Abstractions;
using FreeTickets.Core.Running;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Architectures;

/// <summary>What every built-in architecture owes the engine, at a small input size so the suite stays fast.</summary>
public sealed class ArchitectureContractTests
{
    public static TheoryData<string> Architectures() => [.. BuiltIn().Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Should_train_one_step_and_give_every_parameter_a_gradient(string typeName)
    {
        var architecture = Create(typeName);
        manual_seed(3);
        using var model = architecture.Create(new ArchitectureSpec([3, 16, 16], 7));
        using var input = randn(4, 3, 16, 16);
        using var labels = tensor(new long[] { 0, 6, 3, 1 });

        model.train();
        using var logits = model.call(input);
        using var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();

        Assert.Equal([4L, 7], logits.shape);
        Assert.True(float.IsFinite(loss.item<float>()));
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is not null, $"{p.name} has no gradient"));
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Should_let_the_flops_counter_see_every_sparsifiable_layer(string typeName)
    {
        var architecture = Create(typeName);
        var spec = new DatasetSpec([3, 16, 16], 7, 100, 10);

        var cost = ModelCosts.Measure(architecture, spec);

        using var model = architecture.Create(new ArchitectureSpec(spec.InputShape, spec.NumClasses));
        var sparsifiable = model.named_parameters().Where(p => architecture.IsSparsifiable(p.name, p.parameter)).Select(p => p.name);
        Assert.Equal(sparsifiable, cost.SparsifiableLayers.Select(l => l.Name));
        Assert.All(cost.SparsifiableLayers, l => Assert.True(l.MacsPerExample >= l.Weights, $"{l.Name}: {l.MacsPerExample} MACs < {l.Weights} weights"));
        Assert.Equal(model.parameters().Sum(p => p.numel()), cost.TotalParams);
    }

    [Fact]
    public void Should_have_unique_kebab_case_names()
    {
        var names = BuiltIn().Select(t => Create(t.FullName!).Name).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", n));
    }

    private static IArchitecture Create(string typeName) =>
        (IArchitecture)Activator.CreateInstance(BuiltIn().Single(t => t.FullName == typeName))!;

    // Every concrete architecture in the built-in architecture plugins (the test project references them all).
    private static IEnumerable<Type> BuiltIn() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "FreeTickets.Plugins.Architecture.*.dll")
            .Select(path => Assembly.Load(AssemblyName.GetAssemblyName(path)))
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(IArchitecture).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
