using FreeTickets.Core.Config;

namespace FreeTickets.Core.Tests.Config;

/// <summary>The one place the one-line text of a config error is built.</summary>
public sealed class ConfigErrorTests
{
    [Fact]
    public void Should_join_file_field_and_message_When_the_error_has_a_field()
    {
        var error = new ConfigError("benchmarks.json", "matrices.m.training.epochs", "must be at least 1 (got 0)");

        Assert.Equal("benchmarks.json: matrices.m.training.epochs: must be at least 1 (got 0)", error.ToString());
    }

    [Fact]
    public void Should_leave_out_the_field_When_the_file_as_a_whole_is_wrong()
    {
        var error = new ConfigError("benchmarks.json", null, "expected a config file (got a folder)");

        Assert.Equal("benchmarks.json: expected a config file (got a folder)", error.ToString());
    }

    [Fact]
    public void Should_escape_control_characters_When_a_key_holds_a_newline()
    {
        var error = new ConfigError("b.json", "matrices.a\nb", "matrix name must match [a-z0-9][a-z0-9._-]* (got 'a\nb')");

        Assert.Equal("b.json: matrices.a\\u000ab: matrix name must match [a-z0-9][a-z0-9._-]* (got 'a\\u000ab')", error.ToString());
    }

    [Fact]
    public void Should_report_a_line_once_When_the_same_error_is_added_twice()
    {
        var errors = new ConfigErrors("b.json");

        errors.Add("defaults.training.epochs", "must be at least 1 (got 0)");
        errors.Add("defaults.training.epochs", "must be at least 1 (got 0)");
        errors.Add("defaults.training.batchSize", "must be at least 1 (got 0)");

        Assert.Equal(["b.json: defaults.training.epochs: must be at least 1 (got 0)", "b.json: defaults.training.batchSize: must be at least 1 (got 0)"],
            errors.All.Select(e => e.ToString()));
    }
}
