namespace FreeTickets.Cli;

/// <summary>
/// A progress label made of parts that each have a long and a short spelling, fitted to the width a terminal leaves it.
/// </summary>
/// <remarks>
/// Parts are shortened from the left: what changes every epoch (loss, validation accuracy) sits on the right and keeps
/// its long spelling longest. When even the all-short text is too wide it is returned whole and the column wraps it:
/// a label is shortened, never cut.
/// </remarks>
internal sealed record LiveLabel(IReadOnlyList<LiveLabel.Part> Parts)
{
    /// <summary>One part, e.g. ("member 2/3", "m2/3").</summary>
    public readonly record struct Part(string Long, string Short)
    {
        /// <summary>A part that reads the same at any width.</summary>
        public Part(string both)
            : this(both, both)
        {
        }
    }

    /// <summary>Every part spelled long.</summary>
    public string Long => Fit(int.MaxValue);

    /// <summary>The widest spelling that fits in <paramref name="width"/> columns, else the all-short spelling.</summary>
    public string Fit(int width)
    {
        for (var shortened = 0; shortened <= Parts.Count; shortened++)
        {
            var text = Join(shortened);
            if (text.Length <= width || shortened == Parts.Count)
            {
                return text;
            }
        }

        return "";
    }

    private string Join(int shortened) => string.Join(' ', Parts
        .Select((p, i) => i < shortened ? p.Short : p.Long)
        .Where(s => s.Length > 0));
}
