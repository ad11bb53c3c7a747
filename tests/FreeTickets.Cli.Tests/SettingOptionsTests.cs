using System.Reflection;
using FreeTickets.Cli.Commands;
using FreeTickets.Core;
using Spectre.Console.Cli;

namespace FreeTickets.Cli.Tests;

public sealed class SettingOptionsTests
{
    public static TheoryData<RunSetting> Settings => new(Enum.GetValues<RunSetting>());

    [Theory]
    [MemberData(nameof(Settings))]
    public void Should_name_an_option_run_declares_When_wording_an_engine_setting(RunSetting setting)
    {
        var declared = typeof(RunSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(a => a.LongNames.Select(n => "--" + n))
            .ToList();

        Assert.Contains(SettingOptions.Of(setting), declared);
    }

    [Fact]
    public void Should_word_the_engine_error_with_the_option_When_a_setting_is_wrong()
    {
        var ex = new BadSettingException(RunSetting.Device, name => $"expected cpu; use {name} cpu (got 'x')");

        Assert.Equal("--device: expected cpu; use --device cpu (got 'x')", SettingOptions.MessageOf(ex));
        Assert.Equal("device: expected cpu; use device cpu (got 'x')", ex.Message);
    }

    [Fact]
    public void Should_keep_the_message_When_the_error_is_other_bad_input()
    {
        Assert.Equal("a.json: not found", SettingOptions.MessageOf(new BadInputException("a.json: not found")));
    }
}
