using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

/// <summary>
/// An ablation matrix crosses the sparse methods with pruning criteria (<c>prunes</c>) and regrowth rules (<c>regrows</c>):
/// one cell per pair, ids that name the pair, leaderboard rows per pair; matrices without the axes are unchanged.
/// </summary>
public sealed class PluginAxesTests
{
    private const string Axes = "\"prunes\": [\"magnitude\", \"set\"], \"regrows\": [\"random\", \"gradient\", \"momentum\"],";

    private static MatrixDefinition Load(string matrixExtra, string methods = "\"dense\", \"dst-ensemble\", \"edst-ensemble\"")
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: matrixExtra, methods: methods, sparsities: "[0.8, 0.9]"));
        return BenchmarkConfigLoader.Load(file.Path).Matrix("m");
    }

    private static IReadOnlyList<string> Errors(string matrixExtra, string methods = "\"dense\", \"dst-ensemble\"", bool withPlugins = false)
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: matrixExtra, methods: methods));
        var (_, errors) = withPlugins
            ? BenchmarkConfigLoader.Read(file.Path, paths => PluginDiscovery.Discover([RepoPaths.BuiltInPlugins, .. paths]))
            : BenchmarkConfigLoader.Read(file.Path);
        return [.. errors.Select(e => e[(file.Path.Length + 2)..])];
    }

    [Fact]
    public void Should_cross_every_sparse_cell_with_every_pair_When_the_matrix_has_both_axes()
    {
        var cells = Load(Axes).Cells();

        // dense: 1 cell; dst and edst: 2 sparsities x 2 criteria x 3 rules.
        Assert.Equal(1 + (2 * 2 * 2 * 3), cells.Count);
        Assert.Equal(cells.Count, cells.Select(c => c.Id).Distinct().Count());
        Assert.Equal(cells.Count, cells.Select(c => c.ConfigHash).Distinct().Count());
        var dst = cells.Where(c => c.Method == MethodNames.DstEnsemble && c.Sparsity == 0.8).ToList();
        Assert.Equal(
            ["magnitude+random", "magnitude+gradient", "magnitude+momentum", "set+random", "set+gradient", "set+momentum"],
            dst.Select(c => $"{c.Settings.Sparse.Prune}+{c.Settings.Sparse.Regrow}"));
        Assert.Equal("dst-ensemble_mlp-300-100_synthetic_s0.8_set+momentum_seed1", dst[^1].Id);
        Assert.Equal("dense_mlp-300-100_synthetic_s0_seed1", Assert.Single(cells, c => c.Method == MethodNames.Dense).Id);
    }

    [Fact]
    public void Should_keep_the_method_setting_on_the_other_axis_When_only_one_axis_is_given()
    {
        var cells = Load("\"regrows\": [\"random\", \"gradient\"], \"sparse\": { \"prune\": \"taylor\" },").Cells();

        var sparse = cells.Where(c => c.Method == MethodNames.EdstEnsemble && c.Sparsity == 0.9).ToList();
        Assert.Equal(["taylor+random", "taylor+gradient"], sparse.Select(c => $"{c.Settings.Sparse.Prune}+{c.Settings.Sparse.Regrow}"));
        Assert.Equal("edst-ensemble_mlp-300-100_synthetic_s0.9_taylor+random_seed1", sparse[0].Id);
    }

    [Fact]
    public void Should_keep_ids_and_hashes_When_the_matrix_has_no_axes()
    {
        var cells = Load("").Cells();

        Assert.Equal("dst-ensemble_mlp-300-100_synthetic_s0.8_seed1", cells.First(c => c.Method == MethodNames.DstEnsemble).Id);
        Assert.All(cells, c => Assert.False(c.NamesSparsePlugins));
    }

    [Theory]
    [InlineData("\"prunes\": [],", "matrices.m.prunes: must not be empty (got [])")]
    [InlineData("\"regrows\": \"random\",", "matrices.m.regrows: expected a list of strings (got \"random\")")]
    [InlineData("\"regrows\": [\"random\", \"random\"],", "matrices.m.regrows: each value must appear once (got 'random' twice)")]
    public void Should_name_the_axis_When_it_is_malformed(string extra, string expected) =>
        Assert.Equal(expected, Assert.Single(Errors(extra)));

    [Fact]
    public void Should_refuse_an_axis_When_the_matrix_has_no_sparse_method() =>
        Assert.Equal(
            "matrices.m.prunes: crosses the sparse methods with plugins, but the matrix has none (methods: dense)",
            Assert.Single(Errors("\"prunes\": [\"set\"],", methods: "\"dense\"")));

    [Fact]
    public void Should_name_the_unknown_plugin_When_an_axis_lists_one()
    {
        var error = Assert.Single(Errors("\"regrows\": [\"random\", \"rigl\"],", withPlugins: true));

        Assert.StartsWith("matrices.m.regrows[1]: ", error, StringComparison.Ordinal);
        Assert.Contains("'rigl'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_give_one_leaderboard_row_per_pair_When_runs_differ_only_in_their_plugins()
    {
        static RunRow Run(string prune, string regrow, long seed, double accuracy) => new()
        {
            Method = MethodNames.DstEnsemble,
            Architecture = "a",
            Dataset = "d",
            Sparsity = 0.8,
            Prune = prune,
            Regrow = regrow,
            Seed = seed,
            Status = CellStatus.Ok,
            Accuracy = accuracy,
            Members = 3,
        };

        var rows = Leaderboard.Build([Run("set", "random", 1, 0.5), Run("magnitude", "gradient", 1, 0.9), Run("set", "random", 2, 0.7)]);

        Assert.Equal(["magnitude+gradient", "set+random"], rows.Select(r => $"{r.Prune}+{r.Regrow}"));
        Assert.Equal(0.6, rows[1].AccuracyMean, 12);
        Assert.Equal(2, rows[1].Seeds);
    }

    [Fact]
    public void Should_count_each_rule_with_its_own_cost_When_computing_the_flops_of_an_ablation()
    {
        var catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
        var rows = FlopsTable.Compute(Load(Axes), catalog);

        var dst = rows.Where(r => r.Method == MethodNames.DstEnsemble && r.Sparsity == 0.8).ToList();
        Assert.Equal(6, dst.Count);

        // RigL's gradient rule reads the dense gradient at updates only; SNFS's momentum every step: dearer.
        var gradient = dst.First(r => r.Regrow == "gradient").TrainFlops;
        Assert.True(dst.First(r => r.Regrow == "momentum").TrainFlops > gradient);
        Assert.Equal(gradient, dst.Last(r => r.Regrow == "gradient").TrainFlops);
        Assert.Equal(string.Empty, Assert.Single(rows, r => r.Method == MethodNames.Dense).Regrow);
    }
}
