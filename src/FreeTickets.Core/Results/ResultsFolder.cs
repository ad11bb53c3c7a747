namespace FreeTickets.Core.Results;

/// <summary>Checks on a results folder before anything is written into it.</summary>
public static class ResultsFolder
{
    /// <summary>Creates the folder and proves it is writable; otherwise bad input naming it.</summary>
    public static void EnsureWritable(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{dir}: output folder is not writable ({ex.Message})", ex);
        }
    }
}
