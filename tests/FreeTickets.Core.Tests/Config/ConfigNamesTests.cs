using FreeTickets.Core.Config;
using FreeTickets.Core.Plugins;
using FreeTickets.Tests.Shared;

namespace FreeTickets.Core.Tests.Config;

public sealed class ConfigNamesTests
{
    [Theory]
    [InlineData("ci")]
    [InlineData("0")]
    [InlineData("paper-cifar100-wrn28-10-m7")]
    [InlineData("mlp-300-100")]
    [InlineData("a.b_c-d")]
    [InlineData("a..b")] // no separator, so '..' inside a name is one ordinary file name
    [InlineData("a.")]
    public void Should_accept_the_name_When_it_is_lowercase_letters_digits_dots_underscores_and_dashes(string name)
    {
        Assert.True(ConfigNames.IsValid(name));
        Assert.Null(ConfigNames.Check("matrix", name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("../escaped")]
    [InlineData("../../escaped")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/tmp")]
    [InlineData("~")]
    [InlineData("-rf")]
    [InlineData("_x")]
    [InlineData("CI")]
    [InlineData("my matrix")]
    [InlineData("ci\n")]
    [InlineData("ci\r")]
    [InlineData("a\0b")]
    [InlineData("caf\u00e9")]
    [InlineData("ci\u202e")]
    [InlineData("c\uFFFDi")]
    [InlineData("a+b")]
    [InlineData("a:b")]
    [InlineData("*")]
    public void Should_refuse_the_name_When_it_could_leave_the_folder_hide_or_read_differently(string name)
    {
        Assert.False(ConfigNames.IsValid(name));
        Assert.StartsWith("matrix name must match [a-z0-9][a-z0-9._-]* (got '", ConfigNames.Check("matrix", name), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_null_When_checking_a_name()
    {
        Assert.False(ConfigNames.IsValid(null));
        Assert.Equal("dataset name must match [a-z0-9][a-z0-9._-]* (got null)", ConfigNames.Check("dataset", null));
    }

    [Fact]
    public void Should_name_what_and_show_the_value_When_the_name_is_refused()
    {
        Assert.Equal("matrix name must match [a-z0-9][a-z0-9._-]* (got '../../escaped')", ConfigNames.Check("matrix", "../../escaped"));
    }

    [Fact]
    public void Should_escape_control_characters_so_the_message_stays_one_line_When_the_name_holds_them()
    {
        var message = ConfigNames.Check("matrix", "a\nb\u2028c\0");

        Assert.Equal("matrix name must match [a-z0-9][a-z0-9._-]* (got 'a\\u000ab\\u2028c\\u0000')", message);
    }

    [Fact]
    public void Should_give_the_limit_and_the_length_When_a_name_is_too_long()
    {
        Assert.True(ConfigNames.IsValid(new string('a', ConfigNames.MaxLength)));

        var message = ConfigNames.Check("matrix", new string('a', ConfigNames.MaxLength + 1));

        Assert.Equal($"matrix name must be at most 64 characters (got 65: '{new string('a', 57)}...')", message);
    }

    [Theory]
    [InlineData("edst-ensemble_mlp-300-100_mnist_s0.8_seed1")]
    [InlineData("dst-ensemble_mlp-300-100_mnist_s0.8_set+gradient-momentum_seed-17")]
    [InlineData("dense_lenet5_fashion-mnist_s0_seed9223372036854775807")]
    public void Should_accept_the_cell_id_When_it_is_built_of_valid_names(string id)
    {
        Assert.True(ConfigNames.IsCellId(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".dense_x")]
    [InlineData("dense_../../x_mnist_s0_seed1")]
    [InlineData("dense_a/b_mnist_s0_seed1")]
    public void Should_refuse_the_cell_id_When_it_is_not_one_plain_file_name(string id)
    {
        Assert.False(ConfigNames.IsCellId(id));
    }

    [Fact]
    public void Should_refuse_the_cell_id_When_its_record_file_name_would_pass_the_file_system_limit()
    {
        Assert.True(ConfigNames.IsCellId(new string('a', ConfigNames.MaxCellIdLength)));
        Assert.False(ConfigNames.IsCellId(new string('a', ConfigNames.MaxCellIdLength + 1)));
    }

    [Fact]
    public void Should_hold_for_every_built_in_plugin_and_every_matrix_of_the_repository_config_When_the_rule_is_applied()
    {
        // The rule must not lock out a name the project itself uses.
        var plugins = PluginDiscovery.Discover([RepoPaths.BuiltInPlugins]).Plugins;
        var matrices = BenchmarkConfigLoader.Load(Path.Combine(RepoPaths.Root, "benchmarks.json")).Matrices.Keys;

        Assert.NotEmpty(plugins);
        Assert.All(plugins, p => Assert.True(ConfigNames.IsValid(p.Name), p.Name));
        Assert.All(matrices, m => Assert.True(ConfigNames.IsValid(m), m));
    }
}
