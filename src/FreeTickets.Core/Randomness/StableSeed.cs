using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FreeTickets.Core.Randomness;

/// <summary>
/// Derives 64-bit seeds from a list of parts (cell id, layer name, step, purpose) with a hash that is the same on
/// every machine, process and .NET version. <see cref="string.GetHashCode()"/> is randomized per process and must
/// never be used for seeds.
/// </summary>
public static class StableSeed
{
    // A unit separator cannot appear in layer names or cell ids, so ("a", "bc") and ("ab", "c") differ.
    private const char Separator = '\u001f';

    /// <summary>First 8 bytes (big-endian) of SHA-256 over the invariant-culture strings of the parts.</summary>
    public static ulong Derive(params object[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append(Separator);
            }

            text.Append(Format(parts[i]));
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()), hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
    }

    /// <summary>
    /// The seed as torch takes it (a signed 64-bit value): the same bits, reinterpreted.
    /// </summary>
    public static long ToTorchSeed(ulong seed) => unchecked((long)seed);

    private static string Format(object? part) => part switch
    {
        null => "<null>",
        string s => s,
        // "R" keeps doubles round-trippable so 0.1 and 0.1000000001 do not collide.
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => part.ToString() ?? string.Empty,
    };
}
