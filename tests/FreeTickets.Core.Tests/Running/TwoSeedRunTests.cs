using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Core.Tests.Config;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// A two-seed run of the ensembles, once with the default settings and once with every released-code switch: no member of
/// one seed reappears in the other (seeds s + i made the cells of seeds 1 and 2 share members), and the switches train.
/// The committed two-seed leaderboards are checked the same way.
/// </summary>
[Trait(TestCategories.Category, TestCategories.Slow)]
public sealed class TwoSeedRunTests : IDisposable
{
    private const string Json = """
        {
          "matrices": {
            "two-seeds": {
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": ["dense-ensemble", "dst-ensemble", "edst-ensemble"],
              "sparsities": [0.8],
              "seeds": [1, 2],
              "training": { "epochs": 2 },
              "sparse": { "updateInterval": 5 },
              "ensemble": { "members": 3, "exploreEpochs": 1, "refineEpochs": 2 },
              "evaluation": { "batchSize": 512 }
            },
            "two-seeds-released": {
              "datasets": ["synthetic"],
              "architectures": ["mlp-300-100"],
              "methods": ["dense-ensemble", "dst-ensemble", "edst-ensemble"],
              "sparsities": [0.8],
              "seeds": [1, 2],
              "training": { "epochs": 2, "validationSplit": "tail" },
              "sparse": { "updateInterval": 5, "dropSchedule": "constant", "regrownMomentum": "keep", "maskInit": "bernoulli" },
              "ensemble": { "members": 3, "exploreEpochs": 1, "refineEpochs": 2 },
              "evaluation": { "batchSize": 512, "eceBins": 14, "disagreement": "released" }
            }
          }
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("freetickets-two-seeds-").FullName;

    public static TheoryData<string> CommittedTwoSeedResults() => ["ci", "released-code-ci", "fashion-lenet5", "ablation-prune-regrow"];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("two-seeds")]
    [InlineData("two-seeds-released")]
    public void Should_share_no_member_across_seeds_When_running_two_seeds(string matrix)
    {
        var dir = Run(matrix);

        var runs = ResultTables.ReadCsv<RunRow>(Path.Combine(dir, "runs.csv"));
        Assert.Equal(6, runs.Count);
        Assert.All(runs, r => Assert.Equal(CellStatus.Ok, r.Status));
        AssertNoMemberSharedAcrossSeeds(ResultTables.ReadCsv<MemberRow>(Path.Combine(dir, "members.csv")));
    }

    [Fact]
    public void Should_draw_members_masks_as_bernoulli_trials_When_the_released_switches_are_on()
    {
        var dir = Run("two-seeds-released");

        // Exact masks give every DST member the same density; Bernoulli draws give each its own, around the target.
        var dst = ResultTables.ReadCsv<MemberRow>(Path.Combine(dir, "members.csv")).Where(m => m.Method == MethodNames.DstEnsemble).ToList();
        Assert.Equal(dst.Count, dst.Select(m => m.Density).Distinct().Count());
        Assert.All(dst, m => Assert.InRange(m.Density, 0.19, 0.21));
    }

    [Theory]
    [MemberData(nameof(CommittedTwoSeedResults))]
    public void Should_share_no_member_across_seeds_When_reading_a_committed_leaderboard(string matrix)
    {
        AssertNoMemberSharedAcrossSeeds(ResultTables.ReadCsv<MemberRow>(Path.Combine(RepoPaths.Root, "results", matrix, "members.csv")));
    }

    private static void AssertNoMemberSharedAcrossSeeds(List<MemberRow> members)
    {
        Assert.NotEmpty(members);
        var shared = members
            .GroupBy(m => (m.Method, m.Architecture, m.Dataset, m.Sparsity, m.CellId.Contains('+') ? m.CellId[..m.CellId.LastIndexOf("_seed", StringComparison.Ordinal)] : "", m.Accuracy, m.Nll))
            .Where(g => g.Select(m => m.Seed).Distinct().Count() > 1)
            .Select(g => string.Join(", ", g.Select(m => $"{m.CellId} member {m.Member}")))
            .ToList();
        Assert.True(shared.Count == 0, "members with the same accuracy and NLL in different seeds: " + string.Join("; ", shared));
        Assert.All(members.GroupBy(m => (m.CellId, m.Member)), g => Assert.Single(g));
        Assert.All(members.Where(m => m.MemberSeed != 0).GroupBy(m => m.CellId), cell =>
        {
            var independent = cell.First().Method is MethodNames.DenseEnsemble or MethodNames.DstEnsemble;
            Assert.Equal(independent ? cell.Count() : 1, cell.Select(m => m.MemberSeed).Distinct().Count());
        });
    }

    private string Run(string name)
    {
        using var config = new TempConfig(Json);
        var matrix = BenchmarkConfigLoader.Load(config.Path).Matrix(name);
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);
        var dir = Path.Combine(_root, name);
        new MatrixRunner(catalog, provenance, NullRunObserver.Instance).Run(matrix, new RunOptions(dir, "cpu"), CancellationToken.None);
        return dir;
    }
}
