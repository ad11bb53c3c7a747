namespace FreeTickets.Abstractions;

/// <summary>
/// A dataset cannot be loaded (missing, truncated or corrupt files). The message is shown to the user as is:
/// name the file and say what was expected and how to obtain it.
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line naming the file and what was expected.</param>
    public DatasetException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">One line naming the file and what was expected.</param>
    /// <param name="inner">The underlying error.</param>
    public DatasetException(string message, Exception inner) : base(message, inner)
    {
    }
}
