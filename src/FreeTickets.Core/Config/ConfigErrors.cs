namespace FreeTickets.Core.Config;

/// <summary>The errors of one config file, in the order they were found, each line once.</summary>
/// <param name="file">The config file as given (the start of every line).</param>
internal sealed class ConfigErrors(string file)
{
    private readonly List<ConfigError> _errors = [];
    private readonly HashSet<string> _lines = new(StringComparer.Ordinal);

    /// <summary>How many errors were found.</summary>
    public int Count => _errors.Count;

    /// <summary>Every error found.</summary>
    public IReadOnlyList<ConfigError> All => _errors;

    /// <summary>Records that the value at <paramref name="field"/> is wrong.</summary>
    /// <remarks>A mistake in defaults shows up once per matrix and method that inherits it: each line is reported once.</remarks>
    public void Add(string field, string message)
    {
        var error = new ConfigError(file, field, message);
        if (_lines.Add(error.ToString()))
        {
            _errors.Add(error);
        }
    }
}
