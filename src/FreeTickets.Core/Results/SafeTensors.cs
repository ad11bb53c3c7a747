using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace FreeTickets.Core.Results;

/// <summary>
/// The safetensors format (Hugging Face), which PyTorch users load without this tool: an 8-byte little-endian header
/// length, a JSON header giving every tensor's dtype, shape and byte range (plus string metadata under
/// <c>__metadata__</c>), then the tensors' raw little-endian bytes, in header order. Files are written atomically.
/// </summary>
public static class SafeTensors
{
    private static readonly Dictionary<ScalarType, string> _names = new()
    {
        [ScalarType.Float32] = "F32",
        [ScalarType.Float64] = "F64",
        [ScalarType.Int64] = "I64",
        [ScalarType.Int32] = "I32",
        [ScalarType.Byte] = "U8",
        [ScalarType.Bool] = "BOOL",
    };

    /// <summary>Writes the tensors (copied to the CPU) in the given order, with <paramref name="metadata"/>.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { ["__metadata__"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) };
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            var bytes = Bytes(name, cpu);
            header[name] = new JsonObject
            {
                ["dtype"] = _names[cpu.dtype],
                ["shape"] = new JsonArray([.. cpu.shape.Select(s => (JsonNode?)s)]),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }

        // The header is padded with spaces to a multiple of 8 bytes, so the data starts aligned.
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = new byte[(json.Length + 7) / 8 * 8];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded.Length);
            stream.Write(length);
            stream.Write(padded);
            foreach (var blob in blobs)
            {
                stream.Write(blob);
            }
        });
    }

    /// <summary>Reads a file: its tensors (CPU, header order) and metadata. A malformed file is <see cref="InvalidDataException"/>.</summary>
    public static (IReadOnlyList<(string Name, Tensor Tensor)> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        }

        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (length > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"{path}: not a safetensors file (header length {length} beyond the file's {bytes.Length} bytes)");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(8, (int)length))?.AsObject() ?? throw new InvalidDataException($"{path}: empty safetensors header");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: safetensors header is not JSON ({ex.Message})", ex);
        }

        var data = bytes.AsMemory(8 + (int)length);
        var metadata = new Dictionary<string, string>();
        var tensors = new List<(string, Tensor)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node?.AsObject() ?? [])
                {
                    metadata[key] = value?.GetValue<string>() ?? "";
                }

                continue;
            }

            tensors.Add((name, ReadTensor(path, name, node!.AsObject(), data.Span)));
        }

        return (tensors, metadata);
    }

    private static Tensor ReadTensor(string path, string name, JsonObject entry, ReadOnlySpan<byte> data)
    {
        var dtype = entry["dtype"]?.GetValue<string>();
        var shape = entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        var offsets = entry["data_offsets"]!.AsArray().Select(o => o!.GetValue<long>()).ToArray();
        if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > data.Length)
        {
            throw new InvalidDataException($"{path}: tensor '{name}': data_offsets outside the file");
        }

        var span = data[(int)offsets[0]..(int)offsets[1]];
        return dtype switch
        {
            "F32" => tensor(MemoryMarshal.Cast<byte, float>(span).ToArray(), shape),
            "F64" => tensor(MemoryMarshal.Cast<byte, double>(span).ToArray(), shape),
            "I64" => tensor(MemoryMarshal.Cast<byte, long>(span).ToArray(), shape),
            "I32" => tensor(MemoryMarshal.Cast<byte, int>(span).ToArray(), shape),
            "U8" => tensor(span.ToArray(), shape),
            "BOOL" => tensor(span.ToArray().Select(b => b != 0).ToArray(), shape),
            _ => throw new InvalidDataException($"{path}: tensor '{name}': dtype {dtype} is not one this tool writes"),
        };
    }

    private static byte[] Bytes(string name, Tensor cpu) => cpu.dtype switch
    {
        ScalarType.Float32 => MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()).ToArray(),
        ScalarType.Float64 => MemoryMarshal.AsBytes(cpu.data<double>().ToArray().AsSpan()).ToArray(),
        ScalarType.Int64 => MemoryMarshal.AsBytes(cpu.data<long>().ToArray().AsSpan()).ToArray(),
        ScalarType.Int32 => MemoryMarshal.AsBytes(cpu.data<int>().ToArray().AsSpan()).ToArray(),
        ScalarType.Byte => cpu.data<byte>().ToArray(),
        ScalarType.Bool => [.. cpu.data<bool>().ToArray().Select(b => b ? (byte)1 : (byte)0)],
        _ => throw new NotSupportedException($"tensor '{name}' has dtype {cpu.dtype}, which the safetensors export does not write"),
    };
}
