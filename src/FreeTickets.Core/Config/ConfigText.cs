using System.Text;

namespace FreeTickets.Core.Config;

/// <summary>
/// Reads a config file as strict UTF-8 text (RFC 8259: JSON text is UTF-8; a UTF-8 byte order mark is skipped). A plain
/// read would turn bytes that are not UTF-8 into U+FFFD without a word (a matrix named "c\uFFFDi" that no command line
/// can name), guess UTF-16 or UTF-32 from a byte order mark, and read a device such as /dev/zero for ever.
/// </summary>
internal static class ConfigText
{
    /// <summary>Largest config file read (the repository's is a few KB).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    private static readonly UTF8Encoding _strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads <paramref name="file"/>; returns what is wrong with it (without the file name), or null.</summary>
    /// <remarks>IO errors are thrown.</remarks>
    public static string? Read(string file, out string text)
    {
        text = "";
        using var memory = new MemoryStream();
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                memory.Write(chunk, 0, read);
                if (memory.Length > MaxBytes)
                {
                    return $"expected a config file of at most {MaxBytes / (1024 * 1024)} MiB (got more)";
                }
            }
        }

        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);

        // RFC 8259 lets a parser skip a UTF-8 byte order mark; editors on Windows write one, and it changes nothing.
        var bom = bytes.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        bytes = bytes[bom..];

        try
        {
            text = _strict.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Max(0, ex.Index);
            var before = bytes[..Math.Min(at, bytes.Length)];
            var line = before.Count((byte)'\n') + 1;
            var column = at - before.LastIndexOf((byte)'\n');
            var got = at < bytes.Length ? $"byte 0x{bytes[at]:X2}" : "a truncated character";
            return $"expected UTF-8 text at line {line}, column {column} (got {got})";
        }

        return string.IsNullOrWhiteSpace(text) ? "expected a JSON object at the top level (got an empty file)" : null;
    }
}
