using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using FreeTickets.Core.Results;
using FreeTickets.Core.Training;
using static TorchSharp.torch;

namespace FreeTickets.Core.Methods;

/// <summary>
/// A cell checkpoint on disk: magic, named tensors streamed one by one, then the JSON header and an end marker, written
/// atomically (temp file, flush, rename) so a kill at any moment leaves the previous checkpoint or the new one, never
/// half of one.
/// </summary>
internal static class CheckpointFile
{
    private const string Magic = "freetickets-checkpoint";
    private const string EndMarker = "end-of-checkpoint";

    private static readonly JsonSerializerOptions _json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Streams the tensors <paramref name="fill"/> adds, then the header it returns.</summary>
    public static void Write(string path, Func<Writer, CheckpointHeader> fill) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            var header = fill(new Writer(writer));
            writer.Write(false);
            writer.Write(JsonSerializer.Serialize(header, _json));
            writer.Write(EndMarker);
        });

    /// <summary>Reads a checkpoint; throws <see cref="InvalidDataException"/> when it is not a complete one.</summary>
    public static Loaded Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException("not a freetickets-bench checkpoint");
            }

            while (reader.ReadBoolean())
            {
                var (name, tensor) = TensorArchive.Read(reader);
                tensors.Add(name, tensor);
            }

            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadString(), _json)
                ?? throw new InvalidDataException("empty checkpoint header");
            if (reader.ReadString() != EndMarker || stream.Position != stream.Length)
            {
                throw new InvalidDataException("checkpoint does not end where its header says");
            }

            return new Loaded(header, tensors);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DisposeAll(tensors);
            throw new InvalidDataException($"truncated or corrupt checkpoint ({ex.Message})", ex);
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor> tensors)
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }

    /// <summary>Streams named tensors into the checkpoint being written.</summary>
    internal sealed class Writer(BinaryWriter writer)
    {
        /// <summary>Writes <paramref name="tensor"/> now (the caller keeps ownership).</summary>
        public void Add(string name, Tensor tensor)
        {
            writer.Write(true);
            TensorArchive.Write(writer, name, tensor);
        }
    }

    /// <summary>A checkpoint read back: its header and its tensors (on the CPU, owned by this object).</summary>
    internal sealed class Loaded(CheckpointHeader header, Dictionary<string, Tensor> tensors) : IDisposable
    {
        public CheckpointHeader Header { get; } = header;

        public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

        /// <summary>The tensors whose names start with <paramref name="prefix"/>, keyed by the rest of the name.</summary>
        public Dictionary<string, Tensor> WithPrefix(string prefix) =>
            tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);

        public Tensor Get(string name) =>
            tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidDataException($"checkpoint has no tensor '{name}'");

        public void Dispose() => DisposeAll(tensors);
    }
}
