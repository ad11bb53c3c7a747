using FreeTickets.Core.Config;
using FreeTickets.Core.Methods;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Methods;

public sealed class MemberSeedsTests
{
    private static readonly BenchmarkConfig _committed = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json"));

    public static TheoryData<string> CommittedMatrices() => [.. _committed.Matrices.Keys];

    [Fact]
    public void Should_keep_the_cell_seed_for_member_0_When_deriving()
    {
        Assert.Equal(17, MemberSeeds.For(17, 0));
        Assert.Equal(-3, MemberSeeds.For(-3, 0));
    }

    [Fact]
    public void Should_not_use_consecutive_seeds_When_deriving_members()
    {
        // Seeds s + i made the cells of seeds 1 and 2 share two of three members.
        var seed1 = Enumerable.Range(0, 3).Select(i => MemberSeeds.For(1, i)).ToList();
        var seed2 = Enumerable.Range(0, 3).Select(i => MemberSeeds.For(2, i)).ToList();

        Assert.Empty(seed1.Intersect(seed2));
        Assert.All(seed1.Skip(1).Concat(seed2.Skip(1)), s => Assert.InRange(s, 0, long.MaxValue));
        Assert.Equal(MemberSeeds.For(1, 1), MemberSeeds.For(1, 1));
    }

    [Theory]
    [MemberData(nameof(CommittedMatrices))]
    public void Should_give_no_two_cells_or_members_one_seed_When_expanding_a_committed_matrix(string name)
    {
        var matrix = _committed.Matrix(name);
        var configured = matrix.Seeds.ToHashSet();

        // Cells of one method, model, data, sparsity and plugin pair differ only in their seed: their members must not
        // overlap (members of different methods with the same seed may: that is the paired comparison).
        foreach (var group in matrix.Cells().GroupBy(c => (c.Method, c.Architecture, c.Dataset, c.Sparsity, c.Settings.Sparse.Prune, c.Settings.Sparse.Regrow)))
        {
            var seeds = group.SelectMany(c => RunSeeds(c).Select(seed => (Cell: c.Id, Seed: seed))).ToList();

            Assert.Equal(seeds.Count, seeds.Select(s => s.Seed).Distinct().Count());
            Assert.All(group, c => Assert.Equal(c.Seed, RunSeeds(c)[0]));
            Assert.All(group.SelectMany(c => RunSeeds(c).Skip(1)), s => Assert.DoesNotContain(s, configured));
        }
    }

    // The seeds of the runs a cell trains: M independent runs, or EDST's one run of the cell seed.
    private static List<long> RunSeeds(CellSpec cell) => cell.Method switch
    {
        MethodNames.DenseEnsemble or MethodNames.DstEnsemble => [.. Enumerable.Range(0, cell.Settings.Ensemble.Members).Select(i => MemberSeeds.For(cell.Seed, i))],
        _ => [cell.Seed],
    };
}
