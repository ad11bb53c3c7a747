using FreeTickets.Core.Config;
using FreeTickets.Core.Results;
using FreeTickets.Core.Sparsity;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

/// <summary>
/// sparse.execution: read where every sparse.* field is (defaults, matrix, per-method overrides), one-line errors, and a
/// config hash that changes only for sparse cells that do not run masked, so every committed results folder keeps its
/// hashes. The run-wide override (<c>run --execution</c>) is <see cref="MatrixDefinition.WithExecution"/>.
/// </summary>
public sealed class ExecutionConfigTests
{
    private const string AllMethods = "\"dense\", \"dense-ensemble\", \"dst-ensemble\", \"edst-ensemble\"";

    private static MatrixDefinition Matrix(string matrixExtra = "")
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: matrixExtra, methods: AllMethods));
        return BenchmarkConfigLoader.Load(file.Path).Matrix("m");
    }

    private static Dictionary<string, string> Hashes(MatrixDefinition matrix) => matrix.Cells().ToDictionary(c => c.Method, c => c.ConfigHash);

    private static IReadOnlyList<string> Errors(string matrixExtra)
    {
        using var file = new TempConfig(TempConfig.Minimal(matrixExtra: matrixExtra, methods: AllMethods));
        return [.. BenchmarkConfigLoader.Read(file.Path).Errors.Select(e => e[(file.Path.Length + 2)..])];
    }

    [Fact]
    public void Should_default_to_masked_When_the_config_does_not_say()
    {
        Assert.All(Matrix().Cells(), c => Assert.Equal(SparseExecutionMode.Masked, c.Settings.Sparse.Execution));
    }

    [Fact]
    public void Should_read_execution_from_defaults_the_matrix_and_a_methods_override_When_each_sets_it()
    {
        var fromMatrix = Matrix("\"sparse\": { \"execution\": \"sparse\" },").SettingsByMethod;
        var overridden = Matrix("\"sparse\": { \"execution\": \"sparse\" }, \"overrides\": { \"edst-ensemble\": { \"sparse\": { \"execution\": \"masked\" } } },").SettingsByMethod;

        Assert.Equal(SparseExecutionMode.Sparse, fromMatrix[MethodNames.DstEnsemble].Sparse.Execution);
        Assert.Equal(SparseExecutionMode.Sparse, fromMatrix[MethodNames.EdstEnsemble].Sparse.Execution);
        Assert.Equal(SparseExecutionMode.Sparse, overridden[MethodNames.DstEnsemble].Sparse.Execution);
        Assert.Equal(SparseExecutionMode.Masked, overridden[MethodNames.EdstEnsemble].Sparse.Execution);
    }

    [Fact]
    public void Should_read_execution_from_the_defaults_section_When_only_defaults_set_it()
    {
        const string json = """
            {
              "defaults": { "training": { "epochs": 4 }, "sparse": { "execution": "sparse" } },
              "matrices": { "m": { "datasets": ["synthetic"], "architectures": ["mlp-300-100"], "methods": ["dst-ensemble"], "sparsities": [0.8], "seeds": [1] } }
            }
            """;
        using var file = new TempConfig(json);

        var cell = Assert.Single(BenchmarkConfigLoader.Load(file.Path).Matrix("m").Cells());

        Assert.Equal(SparseExecutionMode.Sparse, cell.Settings.Sparse.Execution);
    }

    [Theory]
    [InlineData("\"sparse\": { \"execution\": \"fast\" },", "matrices.m.sparse.execution: unknown execution mode 'fast' (expected one of masked, sparse)")]
    [InlineData("\"sparse\": { \"execution\": 1 },", "matrices.m.sparse.execution: expected a string (got 1)")]
    [InlineData("\"overrides\": { \"dst-ensemble\": { \"sparse\": { \"execution\": \"Sparse\" } } },", "matrices.m.overrides.dst-ensemble.sparse.execution: unknown execution mode 'Sparse' (expected one of masked, sparse)")]
    public void Should_report_one_line_naming_where_it_is_written_When_execution_is_not_a_mode(string matrixExtra, string expected)
    {
        var error = Assert.Single(Errors(matrixExtra));

        Assert.Equal(expected, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Should_keep_every_config_hash_When_execution_is_written_as_masked()
    {
        Assert.Equal(Hashes(Matrix()), Hashes(Matrix("\"sparse\": { \"execution\": \"masked\" },")));
    }

    [Fact]
    public void Should_change_the_hash_of_sparse_cells_only_When_execution_is_sparse()
    {
        var masked = Hashes(Matrix());
        var sparse = Hashes(Matrix("\"sparse\": { \"execution\": \"sparse\" },"));

        // Dense methods have no sparse layers: their cells (and records) are shared by masked and sparse runs.
        Assert.Equal(masked[MethodNames.Dense], sparse[MethodNames.Dense]);
        Assert.Equal(masked[MethodNames.DenseEnsemble], sparse[MethodNames.DenseEnsemble]);
        Assert.NotEqual(masked[MethodNames.DstEnsemble], sparse[MethodNames.DstEnsemble]);
        Assert.NotEqual(masked[MethodNames.EdstEnsemble], sparse[MethodNames.EdstEnsemble]);
    }

    [Theory]
    [InlineData("smoke")]
    [InlineData("ci")]
    [InlineData("released-code-ci")]
    [InlineData("fashion-lenet5")]
    [InlineData("ablation-prune-regrow")]
    public void Should_keep_the_hashes_of_a_committed_results_folder_When_execution_is_the_default(string matrixName)
    {
        var matrix = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json")).Matrix(matrixName);
        var committed = ResultTables.ReadCsv<RunRow>(Path.Combine(RepoPaths.Root, "results", matrixName, "runs.csv"))
            .ToDictionary(r => r.CellId, r => r.ConfigHash);

        Assert.NotEmpty(committed);
        Assert.All(matrix.Cells(), c => Assert.Equal(committed[c.Id], c.ConfigHash));
        Assert.All(matrix.WithExecution(SparseExecutionMode.Masked).Cells(), c => Assert.Equal(committed[c.Id], c.ConfigHash));
    }

    [Fact]
    public void Should_set_every_method_and_hash_like_the_config_When_the_run_overrides_execution()
    {
        var overridden = Matrix().WithExecution(SparseExecutionMode.Sparse);
        var written = Matrix("\"sparse\": { \"execution\": \"sparse\" },");

        Assert.All(overridden.SettingsByMethod.Values, s => Assert.Equal(SparseExecutionMode.Sparse, s.Sparse.Execution));
        Assert.Equal(Hashes(written), Hashes(overridden));
        Assert.Equal(written.Cells().Select(c => c.Id), overridden.Cells().Select(c => c.Id));
    }

    [Fact]
    public void Should_override_what_the_config_says_When_the_run_asks_for_masked()
    {
        var overridden = Matrix("\"sparse\": { \"execution\": \"sparse\" },").WithExecution(SparseExecutionMode.Masked);

        Assert.Equal(Hashes(Matrix()), Hashes(overridden));
    }

    [Fact]
    public void Should_name_the_execution_setting_and_let_the_host_rename_it_When_the_override_is_not_a_mode()
    {
        var ex = Assert.Throws<BadSettingException>(() => Matrix().WithExecution("fast"));

        Assert.Equal(RunSetting.Execution, ex.Setting);
        Assert.Equal("execution: unknown execution mode 'fast' (expected one of masked, sparse)", ex.Message);
        Assert.Equal("--execution: unknown execution mode 'fast' (expected one of masked, sparse)", ex.MessageFor("--execution"));
    }
}
