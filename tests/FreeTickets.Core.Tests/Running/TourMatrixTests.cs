using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// The <c>tour</c> matrix is what the README tells a newcomer to run first: its sparse ensembles must not read as
/// "sparse training does not work", and it must still show every part of the methods.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class TourMatrixTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-tour-").FullName;

    [Fact]
    public void Should_keep_sparse_ensembles_within_5_points_of_dense_and_exercise_every_phase_When_running_the_tour()
    {
        var matrix = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json")).Matrix("tour");
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);

        var summary = new MatrixRunner(catalog, provenance, NullRunObserver.Instance).Run(matrix, new RunOptions(_root, "cpu"), CancellationToken.None);

        Assert.Equal(4, summary.Ran);
        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(_root, "runs.csv"));
        Assert.All(runs, r => Assert.Equal(CellStatus.Ok, r.Status));
        var dense = runs.Single(r => r.Method == MethodNames.Dense).Accuracy;
        foreach (var sparse in runs.Where(r => MethodNames.IsSparse(r.Method)))
        {
            Assert.True(sparse.Accuracy >= dense - 0.05, $"{sparse.Method} {sparse.Accuracy:P2} vs dense {dense:P2}");
        }

        // Topology updates in every DST member and EDST phase; EDST explores, then refines M tickets with a global
        // exploration between two of them.
        var curves = ResultTables.ReadCsv<CurveRow>(Path.Combine(_root, "curves.csv"));
        var interval = matrix.SettingsByMethod[MethodNames.DstEnsemble].Sparse.UpdateInterval;
        var dst = curves.Where(c => c.Method == MethodNames.DstEnsemble).GroupBy(c => c.Run).ToList();
        Assert.Equal(matrix.SettingsByMethod[MethodNames.DstEnsemble].Ensemble.Members, dst.Count);
        Assert.All(dst, member => Assert.True(member.Max(c => c.Step) >= 2 * interval, $"member {member.Key}: {member.Max(c => c.Step)} steps"));
        var edst = curves.Where(c => c.Method == MethodNames.EdstEnsemble).ToList();
        var ensemble = matrix.SettingsByMethod[MethodNames.EdstEnsemble].Ensemble;
        Assert.True(ensemble.Members >= 2, "no global exploration with one ticket");
        Assert.Equal(["explore", .. Enumerable.Range(0, ensemble.Members).Select(k => $"refine-{k}")], edst.Select(c => c.Phase).Distinct());
        var stepsPerEpoch = edst.Max(c => c.Step) / edst.Count;
        Assert.True(ensemble.ExploreEpochs * stepsPerEpoch >= interval && ensemble.RefineEpochs * stepsPerEpoch >= interval,
            $"{stepsPerEpoch} steps per epoch, update every {interval}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
    }
}
