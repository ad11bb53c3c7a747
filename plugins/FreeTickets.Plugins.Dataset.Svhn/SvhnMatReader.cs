using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Reads and validates one SVHN MAT-file: <c>X</c> must be uint8 [32, 32, 3, N] and <c>y</c> [N, 1] (or [1, N]) of whole
/// numbers 1..10, with N the expected image count. Returns the pixel bytes as stored (column-major, so image n, channel c
/// is a 32x32 block with the height index varying fastest) and the labels with 10 mapped to the digit 0.
/// </summary>
internal static class SvhnMatReader
{
    private static readonly HashSet<string> _variables = ["X", "y"];

    public static (byte[] Pixels, long[] Labels) Read(string path, int count)
    {
        var variables = MatFileReader.Read(path, _variables);
        var x = Require(path, variables, "X", "the images");
        var y = Require(path, variables, "y", "the labels");
        const int side = SvhnFormat.Side;
        if (x.Dimensions.Count != 4 || x.Dimensions[0] != side || x.Dimensions[1] != side || x.Dimensions[2] != SvhnFormat.Channels || x.Dimensions[3] != count)
        {
            throw new DatasetException(
                $"{path}: X has dimensions {x.Shape}, expected {side}x{side}x{SvhnFormat.Channels}x{count} (height x width x channel x image); the file is damaged or not SVHN's cropped digits");
        }

        if (x.StorageType != MatFileReader.MiUInt8)
        {
            throw new DatasetException($"{path}: X stores its pixels as MAT data type {x.StorageType}, expected miUINT8 (2); the file is not SVHN's cropped digits");
        }

        if (y.Dimensions.Count != 2 || y.ElementCount != count || (y.Dimensions[0] != 1 && y.Dimensions[1] != 1))
        {
            throw new DatasetException($"{path}: y has dimensions {y.Shape}, expected {count}x1 (one label per image); the file is damaged or not SVHN's cropped digits");
        }

        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var value = y.ValueAt(i);
            if (value is < 1 or > 10 || value != Math.Floor(value))
            {
                throw new DatasetException($"{path}: label y({i + 1}) = {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a whole number in 1..10; the file is damaged or not SVHN's cropped digits");
            }

            // SVHN labels the digit 0 as 10.
            labels[i] = (long)value % 10;
        }

        return (x.Data, labels);
    }

    private static MatArray Require(string path, IReadOnlyDictionary<string, MatArray?> variables, string name, string what)
    {
        if (variables.TryGetValue(name, out var array) && array is not null)
        {
            return array;
        }

        var found = variables.Count == 0 ? "none" : string.Join(", ", variables.Keys);
        throw new DatasetException($"{path}: no variable '{name}' ({what}); variables found: {found}; the file is not SVHN's cropped digits (train_32x32.mat or test_32x32.mat)");
    }
}
