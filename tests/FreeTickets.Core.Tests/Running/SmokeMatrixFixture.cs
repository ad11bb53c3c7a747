using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Core.Results;
using FreeTickets.Core.Running;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Running;

/// <summary>
/// The test classes that read the engine's own run of the <c>smoke</c> matrix share one (<see cref="SmokeMatrixFixture"/>).
/// The CLI's tests train it through the command line instead (FreeTickets.Cli.Tests' SmokeRunFixture): that is what they test.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SmokeMatrixCollection : ICollectionFixture<SmokeMatrixFixture>
{
    public const string Name = "smoke-matrix";
}

/// <summary>
/// Runs the repository's <c>smoke</c> matrix once for <see cref="SmokeMatrixCollection"/>: into folder A, again into A
/// (resume), and into a separate folder B (reproducibility). Snapshots of A's CSVs are taken between the two runs.
/// </summary>
public sealed class SmokeMatrixFixture : IDisposable
{
    public SmokeMatrixFixture()
    {
        Root = Directory.CreateTempSubdirectory("freetickets-smoke-").FullName;
        Config = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json"));
        Matrix = Config.Matrix("smoke");
        Catalog = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]);
        var provenance = new Provenance("test", TorchRuntime.TorchSharpVersion, TorchRuntime.LibTorchVersion, "cpu", TorchRuntime.Threads);

        First = new MatrixRunner(Catalog, provenance, NullRunObserver.Instance).Run(Matrix, new RunOptions(DirA, "cpu"), CancellationToken.None);
        SnapshotA = ResultTables.FileNames.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(DirA, f)));
        CellFilesA = Directory.GetFiles(Path.Combine(DirA, "cells")).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);
        Resumed = new MatrixRunner(Catalog, provenance, NullRunObserver.Instance).Run(Matrix, new RunOptions(DirA, "cpu"), CancellationToken.None);
        Second = new MatrixRunner(Catalog, provenance, NullRunObserver.Instance).Run(Matrix, new RunOptions(DirB, "cpu"), CancellationToken.None);
    }

    public string Root { get; }

    public string DirA => Path.Combine(Root, "a");

    public string DirB => Path.Combine(Root, "b");

    public BenchmarkConfig Config { get; }

    public MatrixDefinition Matrix { get; }

    public PluginCatalog Catalog { get; }

    public RunSummary First { get; }

    public RunSummary Resumed { get; }

    public RunSummary Second { get; }

    public IReadOnlyDictionary<string, byte[]> SnapshotA { get; }

    public IReadOnlyDictionary<string, byte[]> CellFilesA { get; }

    public int Members => Matrix.SettingsByMethod[MethodNames.EdstEnsemble].Ensemble.Members;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail the run.
        }
    }
}
