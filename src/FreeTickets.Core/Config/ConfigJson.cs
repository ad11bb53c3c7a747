using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// Parses config text into a JSON tree, as editors write it (comments and trailing commas allowed). Refuses a key written
/// twice in one object (the parser would silently keep the last value, the very typo the loader exists to catch) and a
/// string whose <c>\u</c> escapes name half a UTF-16 surrogate pair (it parses, but no string can be read from it).
/// </summary>
internal static class ConfigJson
{
    private static readonly JsonDocumentOptions _document = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonReaderOptions _reader = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses <paramref name="text"/>; returns what is wrong with it (without the file name), or null.</summary>
    public static string? Parse(string text, out JsonNode? root)
    {
        root = null;
        try
        {
            root = JsonNode.Parse(text, documentOptions: _document);
            return Scan(Encoding.UTF8.GetBytes(text));
        }
        catch (JsonException ex)
        {
            return $"invalid JSON at line {ex.LineNumber + 1}, column {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}";
        }
    }

    /// <summary>The parser's message without the position it repeats (" LineNumber: 1 | BytePositionInLine: 9.", ". Path: $.x").</summary>
    public static string FirstSentence(string message)
    {
        foreach (var marker in new[] { ". Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        return message.Split('\n')[0].Trim().TrimEnd('.');
    }

    /// <summary>A key written twice in one object, or a string that cannot be read: where, as a message; null when none.</summary>
    private static string? Scan(byte[] json)
    {
        var reader = new Utf8JsonReader(json, _reader);
        var objects = new Stack<(HashSet<string>? Keys, string Path)>();
        var name = "";
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var parent = objects.Count == 0 ? "" : objects.Peek().Path;
                    var child = objects.Count == 0 ? "" : objects.Peek().Keys is null ? parent + "[]" : $"{parent}.{name}".TrimStart('.');
                    objects.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, child));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    objects.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    if (ReadString(ref reader) is not { } key)
                    {
                        return $"{Position(json, reader)}: {HalfSurrogate}";
                    }

                    name = key;
                    var (keys, at) = objects.Peek();
                    if (!keys!.Add(name))
                    {
                        return $"{Position(json, reader)}: key '{name}' is written twice{(at.Length > 0 ? $" in {at}" : "")} (expected each key once)";
                    }

                    break;
                case JsonTokenType.String when ReadString(ref reader) is null:
                    return $"{Position(json, reader)}: {HalfSurrogate}";
                default:
                    break;
            }
        }

        return null;
    }

    private const string HalfSurrogate = "expected a string of whole characters (got a \\u escape of half a UTF-16 surrogate pair)";

    /// <summary>The string of the current token, or null when its escapes do not make whole characters.</summary>
    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>"invalid JSON at line L, column C" for the start of the current token (both counted from 1).</summary>
    private static string Position(byte[] json, Utf8JsonReader reader)
    {
        var start = (int)reader.TokenStartIndex;
        var line = json.AsSpan(0, start).Count((byte)'\n') + 1;
        var column = start - json.AsSpan(0, start).LastIndexOf((byte)'\n');
        return $"invalid JSON at line {line}, column {column}";
    }
}
