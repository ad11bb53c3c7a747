using FreeTickets.Cli.Sharding;
using FreeTickets.Core;
using FreeTickets.Core.Config;
using FreeTickets.Core.Running;

namespace FreeTickets.Cli.Tests.Sharding;

public sealed class ShardResolverTests
{
    private static Dictionary<string, string> Env(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => v.Value);

    private static readonly (string, string)[] _slurm = [("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_COUNT", "4")];

    [Fact]
    public void Should_take_every_cell_When_no_option_and_no_scheduler_variable()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("PATH", "/usr/bin"), ("FREETICKETS_SHARD_COUNT", "4")));

        Assert.Equal((0, 1, ShardSource.None), (shard.Index, shard.Count, shard.Source));
    }

    [Fact]
    public void Should_read_the_option_When_shard_is_given()
    {
        var shard = ShardResolver.Resolve("1/3", null, Env());

        Assert.Equal((1, 3, ShardSource.Option), (shard.Index, shard.Count, shard.Source));
        Assert.Equal("shard 1/3 from --shard (--shard 1/3)", shard.Describe());
    }

    [Fact]
    public void Should_prefer_the_option_and_say_what_it_ignored_When_slurm_and_kubernetes_variables_are_set()
    {
        var shard = ShardResolver.Resolve("0/2", null, Env([.. _slurm, ("JOB_COMPLETION_INDEX", "1"), ("FREETICKETS_SHARD_COUNT", "3")]));

        Assert.Equal((0, 2, ShardSource.Option), (shard.Index, shard.Count, shard.Source));
        Assert.Equal(["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"], shard.Ignored);
        Assert.Contains("ignored: SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX", shard.Describe());
    }

    [Fact]
    public void Should_not_read_invalid_scheduler_variables_When_the_option_decides()
    {
        var shard = ShardResolver.Resolve("0/2", null, Env(("SLURM_ARRAY_TASK_ID", "x"), ("JOB_COMPLETION_INDEX", "-1")));

        Assert.Equal(ShardSource.Option, shard.Source);
    }

    [Theory]
    [InlineData("0", "0", "4", 0)]
    [InlineData("3", "0", "4", 3)]
    [InlineData("1", "1", "3", 0)] // --array=1-3
    [InlineData("3", "1", "3", 2)]
    [InlineData("12", "10", "5", 2)] // --array=10-14
    public void Should_subtract_the_array_minimum_When_the_shard_comes_from_slurm(string id, string min, string count, int expected)
    {
        var shard = ShardResolver.Resolve(null, null,
            Env(("SLURM_ARRAY_TASK_ID", id), ("SLURM_ARRAY_TASK_MIN", min), ("SLURM_ARRAY_TASK_COUNT", count)));

        Assert.Equal((expected, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), ShardSource.Slurm), (shard.Index, shard.Count, shard.Source));
        Assert.StartsWith($"shard {expected}/{count} from a Slurm job array (SLURM_ARRAY_TASK_ID={id}, SLURM_ARRAY_TASK_MIN={min}, SLURM_ARRAY_TASK_COUNT={count})", shard.Describe());
    }

    [Fact]
    public void Should_take_the_minimum_as_0_When_slurm_does_not_export_it()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", "1"), ("SLURM_ARRAY_TASK_COUNT", "2")));

        Assert.Equal((1, 2), (shard.Index, shard.Count));
        Assert.Contains("SLURM_ARRAY_TASK_MIN unset", shard.Describe());
    }

    [Fact]
    public void Should_divide_by_the_step_When_the_slurm_array_has_one()
    {
        // --array=0-6:2 runs tasks 0, 2, 4, 6: four shards.
        var shard = ShardResolver.Resolve(null, null,
            Env(("SLURM_ARRAY_TASK_ID", "4"), ("SLURM_ARRAY_TASK_MIN", "0"), ("SLURM_ARRAY_TASK_COUNT", "4"), ("SLURM_ARRAY_TASK_STEP", "2")));

        Assert.Equal((2, 4), (shard.Index, shard.Count));
    }

    [Fact]
    public void Should_prefer_slurm_over_kubernetes_When_both_are_set()
    {
        var shard = ShardResolver.Resolve(null, 5, Env([.. _slurm, ("JOB_COMPLETION_INDEX", "4")]));

        Assert.Equal((2, 4, ShardSource.Slurm), (shard.Index, shard.Count, shard.Source));
        Assert.Equal(["JOB_COMPLETION_INDEX", "--shard-count"], shard.Ignored);
    }

    [Fact]
    public void Should_read_the_count_from_the_option_When_the_index_comes_from_kubernetes()
    {
        var shard = ShardResolver.Resolve(null, 3, Env(("JOB_COMPLETION_INDEX", "2"), ("FREETICKETS_SHARD_COUNT", "7")));

        Assert.Equal((2, 3, ShardSource.Kubernetes), (shard.Index, shard.Count, shard.Source));
        Assert.Equal("shard 2/3 from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX=2, --shard-count 3)", shard.Describe());
    }

    [Fact]
    public void Should_read_the_count_from_FREETICKETS_SHARD_COUNT_When_there_is_no_option()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("JOB_COMPLETION_INDEX", " 0 "), ("FREETICKETS_SHARD_COUNT", "2")));

        Assert.Equal((0, 2, ShardSource.Kubernetes), (shard.Index, shard.Count, shard.Source));
    }

    [Fact]
    public void Should_treat_empty_variables_as_unset_When_resolving()
    {
        var shard = ShardResolver.Resolve(null, null, Env(("SLURM_ARRAY_TASK_ID", ""), ("JOB_COMPLETION_INDEX", "  ")));

        Assert.Equal(ShardSource.None, shard.Source);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("2/2")]
    [InlineData("-1/2")]
    [InlineData("0/0")]
    [InlineData("a/b")]
    [InlineData("1")]
    [InlineData("0/2/3")]
    public void Should_be_bad_input_naming_the_option_When_shard_is_invalid(string value)
    {
        var ex = Assert.Throws<BadInputException>(() => ShardResolver.Resolve(value, null, Env()));

        Assert.Contains("--shard", ex.Message);
        Assert.Contains(value, ex.Message);
    }

    public static TheoryData<string[], string> InvalidEnvironments => new()
    {
        { ["SLURM_ARRAY_TASK_ID=x", "SLURM_ARRAY_TASK_COUNT=4"], "SLURM_ARRAY_TASK_ID must be a whole number >= 0 (got 'x')" },
        { ["SLURM_ARRAY_TASK_ID=-1", "SLURM_ARRAY_TASK_COUNT=4"], "SLURM_ARRAY_TASK_ID must be a whole number >= 0 (got '-1')" },
        { ["SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=0"], "SLURM_ARRAY_TASK_COUNT must be a whole number >= 1 (got '0')" },
        { ["SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=four"], "SLURM_ARRAY_TASK_COUNT must be a whole number >= 1" },
        { ["SLURM_ARRAY_TASK_ID=1"], "SLURM_ARRAY_TASK_COUNT is not" },
        { ["SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=4"], "SLURM_ARRAY_TASK_ID=4" },
        { ["SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_COUNT=3"], "not below SLURM_ARRAY_TASK_COUNT=3" }, // --array=1-3 without MIN exported
        { ["SLURM_ARRAY_TASK_ID=0", "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=3"], "SLURM_ARRAY_TASK_ID=0 is not in the array" },
        { ["SLURM_ARRAY_TASK_ID=1.5", "SLURM_ARRAY_TASK_COUNT=3"], "SLURM_ARRAY_TASK_ID must be a whole number" },
        { ["SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_MIN=x", "SLURM_ARRAY_TASK_COUNT=3"], "SLURM_ARRAY_TASK_MIN must be a whole number" },
        { ["JOB_COMPLETION_INDEX=1"], "JOB_COMPLETION_INDEX=1 is set but the shard count is not: pass --shard-count N or set FREETICKETS_SHARD_COUNT" },
        { ["JOB_COMPLETION_INDEX=two", "FREETICKETS_SHARD_COUNT=3"], "JOB_COMPLETION_INDEX must be a whole number >= 0 (got 'two')" },
        { ["JOB_COMPLETION_INDEX=3", "FREETICKETS_SHARD_COUNT=3"], "JOB_COMPLETION_INDEX=3 is not below the shard count 3 (from FREETICKETS_SHARD_COUNT=3)" },
        { ["JOB_COMPLETION_INDEX=0", "FREETICKETS_SHARD_COUNT=0"], "FREETICKETS_SHARD_COUNT must be a whole number >= 1 (got '0')" },
        { ["JOB_COMPLETION_INDEX=0", "FREETICKETS_SHARD_COUNT=many"], "FREETICKETS_SHARD_COUNT must be a whole number >= 1 (got 'many')" },
    };

    [Theory]
    [MemberData(nameof(InvalidEnvironments))]
    public void Should_be_one_line_bad_input_naming_the_variable_When_a_scheduler_variable_is_invalid(string[] variables, string expected)
    {
        var env = variables.Select(v => v.Split('=')).ToDictionary(p => p[0], p => p[1]);

        var ex = Assert.Throws<BadInputException>(() => ShardResolver.Resolve(null, null, env));

        Assert.Contains(expected, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Should_name_the_option_When_the_kubernetes_index_is_not_below_shard_count()
    {
        var ex = Assert.Throws<BadInputException>(() => ShardResolver.Resolve(null, 2, Env(("JOB_COMPLETION_INDEX", "2"))));

        Assert.Contains("JOB_COMPLETION_INDEX=2 is not below the shard count 2 (from --shard-count 2)", ex.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Should_be_bad_input_When_shard_count_is_below_1(int count)
    {
        var ex = Assert.Throws<BadInputException>(() => ShardResolver.Resolve(null, count, Env(("JOB_COMPLETION_INDEX", "0"))));

        Assert.Contains("--shard-count: must be at least 1", ex.Message);
    }

    [Fact]
    public void Should_be_bad_input_When_shard_count_is_given_without_a_completion_index()
    {
        var ex = Assert.Throws<BadInputException>(() => ShardResolver.Resolve(null, 3, Env()));

        Assert.Contains("--shard-count", ex.Message);
        Assert.Contains("JOB_COMPLETION_INDEX is not set", ex.Message);
    }

    [Fact]
    public void Should_read_a_process_environment_When_given_a_hashtable()
    {
        var env = new System.Collections.Hashtable { ["JOB_COMPLETION_INDEX"] = "1", ["FREETICKETS_SHARD_COUNT"] = "2" };

        var shard = ShardResolver.Resolve(null, null, env);

        Assert.Equal((1, 2, ShardSource.Kubernetes), (shard.Index, shard.Count, shard.Source));
    }

    [Fact]
    public void Should_partition_the_cells_exactly_When_every_slurm_task_of_an_offset_array_selects_its_shard()
    {
        var cells = Enumerable.Range(0, 10).Select(i => new CellSpec("m", "dense", "a", "d", 0, i, null!)).ToList();

        var taken = Enumerable.Range(1, 3) // sbatch --array=1-3
            .Select(id => ShardResolver.Resolve(null, null,
                Env(("SLURM_ARRAY_TASK_ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "3"))))
            .SelectMany(s => Shards.Select(cells, s.Index, s.Count))
            .Select(c => c.Seed)
            .ToList();

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), taken.Order());
    }
}
