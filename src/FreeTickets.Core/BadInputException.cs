namespace FreeTickets.Core;

/// <summary>
/// The user's input is wrong (a config file, a field, a plugin name, a data file, an output folder). The message is
/// one line naming what is wrong and what was expected; the CLI prints it and exits with code 2.
/// </summary>
public class BadInputException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BadInputException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public BadInputException(string message, Exception inner) : base(message, inner)
    {
    }
}
