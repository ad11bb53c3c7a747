using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FreeTickets.Core.Config;

/// <summary>
/// Parses config text into a JSON tree, as editors write it (comments and trailing commas allowed), and refuses a key
/// written twice in one object: the parser would silently keep the last value, the very typo the loader exists to catch.
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
            return DuplicateKey(Encoding.UTF8.GetBytes(text));
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

    /// <summary>A key written twice in one object: where it is, as a one-line message; null when there is none.</summary>
    private static string? DuplicateKey(byte[] json)
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
                    name = reader.GetString()!;
                    var (keys, at) = objects.Peek();
                    if (!keys!.Add(name))
                    {
                        var start = (int)reader.TokenStartIndex;
                        var line = json.AsSpan(0, start).Count((byte)'\n') + 1;
                        var column = start - json.AsSpan(0, start).LastIndexOf((byte)'\n');
                        return $"invalid JSON at line {line}, column {column}: key '{name}' is written twice{(at.Length > 0 ? $" in {at}" : "")} (expected each key once)";
                    }

                    break;
                default:
                    break;
            }
        }

        return null;
    }
}
