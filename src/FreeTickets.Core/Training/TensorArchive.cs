using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace FreeTickets.Core.Training;

/// <summary>
/// Named tensors in a plain binary layout (name, dtype, shape, elements) for checkpoints. Values round-trip bit for bit;
/// tensors come back on the CPU.
/// </summary>
internal static class TensorArchive
{
    public static void Write(BinaryWriter writer, string name, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        writer.Write(name);
        writer.Write((int)cpu.dtype);
        writer.Write((int)cpu.dim());
        foreach (var size in cpu.shape)
        {
            writer.Write(size);
        }

        switch (cpu.dtype)
        {
            case ScalarType.Float32: WriteArray(writer, cpu.data<float>().ToArray()); break;
            case ScalarType.Float64: WriteArray(writer, cpu.data<double>().ToArray()); break;
            case ScalarType.Int64: WriteArray(writer, cpu.data<long>().ToArray()); break;
            case ScalarType.Int32: WriteArray(writer, cpu.data<int>().ToArray()); break;
            case ScalarType.Byte: WriteArray(writer, cpu.data<byte>().ToArray()); break;
            case ScalarType.Bool: WriteArray(writer, cpu.data<bool>().ToArray()); break;
            default: throw new NotSupportedException($"checkpoint tensor '{name}' has dtype {cpu.dtype}, which checkpoints do not store");
        }
    }

    public static (string Name, Tensor Tensor) Read(BinaryReader reader)
    {
        var name = reader.ReadString();
        var dtype = (ScalarType)reader.ReadInt32();
        var rank = reader.ReadInt32();
        if (rank is < 0 or > 16)
        {
            throw new InvalidDataException($"tensor '{name}': rank {rank}");
        }

        var shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            shape[i] = reader.ReadInt64();
        }

        var values = dtype switch
        {
            ScalarType.Float32 => tensor(ReadArray<float>(reader, sizeof(float)), shape),
            ScalarType.Float64 => tensor(ReadArray<double>(reader, sizeof(double)), shape),
            ScalarType.Int64 => tensor(ReadArray<long>(reader, sizeof(long)), shape),
            ScalarType.Int32 => tensor(ReadArray<int>(reader, sizeof(int)), shape),
            ScalarType.Byte => tensor(ReadArray<byte>(reader, sizeof(byte)), shape),
            ScalarType.Bool => tensor(ReadArray<bool>(reader, sizeof(bool)), shape),
            _ => throw new InvalidDataException($"tensor '{name}': unsupported dtype {dtype}"),
        };
        return (name, values);
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        writer.Write((long)values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader, int size)
        where T : unmanaged
    {
        var count = reader.ReadInt64();
        if (count < 0 || count * size > int.MaxValue)
        {
            throw new InvalidDataException($"tensor of {count} elements");
        }

        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        while (bytes.Length > 0)
        {
            var read = reader.Read(bytes);
            if (read == 0)
            {
                throw new EndOfStreamException("checkpoint ends inside a tensor");
            }

            bytes = bytes[read..];
        }

        return values;
    }
}
