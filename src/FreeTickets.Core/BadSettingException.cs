namespace FreeTickets.Core;

/// <summary>
/// A run setting has a value the engine cannot use. The engine does not know how the user spelled the setting (an
/// option, a config key, an argument in code), so the problem is kept apart from its name: <see cref="MessageFor"/>
/// words it with the host's name (the CLI passes its option); <see cref="Exception.Message"/> uses the neutral
/// name of <see cref="NeutralName"/>.
/// </summary>
public sealed class BadSettingException : BadInputException
{
    private readonly Func<string, string> _problem;

    /// <summary>Creates the exception.</summary>
    /// <param name="setting">Which setting is wrong.</param>
    /// <param name="problem">What was expected and what was given, from the setting's name as the host spells it (a hint
    /// such as "use NAME cpu" may name it again).</param>
    public BadSettingException(RunSetting setting, Func<string, string> problem)
        : base(Format(NeutralName(setting), problem))
    {
        Setting = setting;
        _problem = problem;
    }

    /// <summary>The setting that is wrong.</summary>
    public RunSetting Setting { get; }

    /// <summary>The one-line message with the setting called <paramref name="name"/>: <c>NAME: problem</c>.</summary>
    public string MessageFor(string name) => Format(name, _problem);

    /// <summary>The setting's name where no host renames it: <c>threads</c>, <c>device</c>, <c>shard</c>.</summary>
    public static string NeutralName(RunSetting setting) => setting.ToString().ToLowerInvariant();

    private static string Format(string name, Func<string, string> problem) => $"{name}: {problem(name)}";
}
