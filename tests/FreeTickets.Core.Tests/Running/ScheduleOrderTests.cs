using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

public sealed class ScheduleOrderTests : IDisposable
{
    private static readonly PluginCatalog _catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-order-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Should_order_cells_by_the_epochs_they_train_and_keep_the_matrix_order_of_equals_When_one_model_is_used()
    {
        var matrix = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json")).Matrix("ci");

        var order = ScheduleOrder.MostExpensiveFirst(matrix.Cells(), _catalog);

        Assert.Equal(matrix.Cells().Count, order.Count);
        Assert.Equal(order.Select(c => c.TrainingEpochs).OrderDescending(), order.Select(c => c.TrainingEpochs));
        foreach (var group in order.GroupBy(c => c.TrainingEpochs))
        {
            var positions = group.Select(c => matrix.Cells().ToList().IndexOf(c)).ToList();
            Assert.Equal(positions.Order(), positions);
        }

        Assert.Equal(30, order[0].TrainingEpochs);
        Assert.Equal(10, order[^1].TrainingEpochs);
    }

    [Fact]
    public void Should_put_the_larger_model_first_When_epochs_are_equal()
    {
        var path = Path.Combine(_root, "benchmarks.json");
        File.WriteAllText(path, """
            { "matrices": { "m": { "datasets": ["mnist"], "architectures": ["mlp-300-100", "lenet5"], "methods": ["dense"], "seeds": [1] } } }
            """);
        var cells = BenchmarkConfigLoader.Load(path).Matrix("m").Cells();

        var order = ScheduleOrder.MostExpensiveFirst(cells, _catalog);

        Assert.Equal(["lenet5", "mlp-300-100"], order.Select(c => c.Architecture));
    }
}
