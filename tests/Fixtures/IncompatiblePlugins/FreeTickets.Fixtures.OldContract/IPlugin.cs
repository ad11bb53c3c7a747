namespace FreeTickets.Abstractions;

/// <summary>As in the real contract.</summary>
public interface IPlugin
{
    /// <summary>Configuration key.</summary>
    string Name { get; }

    /// <summary>One line for list.</summary>
    string Description { get; }
}
