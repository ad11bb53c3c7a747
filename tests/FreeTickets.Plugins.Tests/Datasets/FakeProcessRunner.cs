using FreeTickets.Plugins.Shared;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary><see cref="FakePrograms"/> as the mnist plugin's <see cref="IProcessRunner"/>.</summary>
internal sealed class FakeProcessRunner(FakePrograms programs) : IProcessRunner
{
    public string? Find(string program) => programs.Find(program);

    public ProcessOutcome Run(string path, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var (exitCode, standardError) = programs.Run(path, arguments, workingDirectory);
        return new ProcessOutcome(exitCode, standardError);
    }
}
