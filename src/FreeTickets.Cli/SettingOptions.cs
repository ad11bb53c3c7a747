using FreeTickets.Core;

namespace FreeTickets.Cli;

/// <summary>
/// The option that sets each engine setting. The engine names a wrong setting by its kind (<see cref="BadSettingException"/>);
/// the error line names the option the user typed.
/// </summary>
internal static class SettingOptions
{
    /// <summary>The option, e.g. <c>--threads</c>.</summary>
    public static string Of(RunSetting setting) => setting switch
    {
        RunSetting.Threads => "--threads",
        RunSetting.Device => "--device",
        RunSetting.Shard => "--shard",
        RunSetting.Execution => "--execution",
        _ => BadSettingException.NeutralName(setting),
    };

    /// <summary>The one-line message of <paramref name="ex"/>, worded with the option for a <see cref="BadSettingException"/>.</summary>
    public static string MessageOf(Exception ex) =>
        ex is BadSettingException bad ? bad.MessageFor(Of(bad.Setting)) : ex.Message;
}
