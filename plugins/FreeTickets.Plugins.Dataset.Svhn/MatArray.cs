using System.Buffers.Binary;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// A real, numeric MATLAB array as stored in a MAT-file: its class (<c>mxUINT8_CLASS</c> = 9, <c>mxDOUBLE_CLASS</c> = 6,
/// ...), its dimensions, and its data in column-major order in the storage type the writer chose (MATLAB stores a double
/// array of small whole numbers as <c>miUINT8</c>, so the storage type, not the class, says how to read the bytes).
/// </summary>
/// <param name="Name">The variable name.</param>
/// <param name="ClassId">The mxClass from the array flags.</param>
/// <param name="Dimensions">The dimensions, first (fastest-varying) first.</param>
/// <param name="StorageType">The data element type of the real part (<see cref="MatFileReader.MiUInt8"/>, ...).</param>
/// <param name="Data">The real part's bytes, little-endian.</param>
internal sealed record MatArray(string Name, int ClassId, IReadOnlyList<int> Dimensions, int StorageType, byte[] Data)
{
    public long ElementCount => Dimensions.Aggregate(1L, (product, d) => product * d);

    public string Shape => string.Join('x', Dimensions);

    /// <summary>Bytes per element of <see cref="StorageType"/>, or 0 when it is not a numeric type.</summary>
    public static int ElementBytes(int storageType) => storageType switch
    {
        MatFileReader.MiInt8 or MatFileReader.MiUInt8 => 1,
        MatFileReader.MiInt16 or MatFileReader.MiUInt16 => 2,
        MatFileReader.MiInt32 or MatFileReader.MiUInt32 or MatFileReader.MiSingle => 4,
        MatFileReader.MiDouble or MatFileReader.MiInt64 or MatFileReader.MiUInt64 => 8,
        _ => 0,
    };

    /// <summary>Element <paramref name="index"/> as a double, whatever the storage type (for small arrays such as labels).</summary>
    public double ValueAt(long index)
    {
        var size = ElementBytes(StorageType);
        var bytes = Data.AsSpan(checked((int)(index * size)), size);
        return StorageType switch
        {
            MatFileReader.MiInt8 => (sbyte)bytes[0],
            MatFileReader.MiUInt8 => bytes[0],
            MatFileReader.MiInt16 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
            MatFileReader.MiUInt16 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            MatFileReader.MiInt32 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            MatFileReader.MiUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            MatFileReader.MiSingle => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            MatFileReader.MiDouble => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            MatFileReader.MiInt64 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            MatFileReader.MiUInt64 => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            _ => throw new InvalidOperationException($"storage type {StorageType} is not numeric"),
        };
    }
}
