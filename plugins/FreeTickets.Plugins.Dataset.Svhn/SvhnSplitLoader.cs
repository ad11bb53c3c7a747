using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// Finds a split's MAT-file in <c>&lt;data root&gt;/svhn/</c>, fetches it when missing (only the file the split needs),
/// and turns it into normalised tensors.
/// </summary>
internal sealed class SvhnSplitLoader(SvhnFormat format, ISvhnFetcher fetcher)
{
    public SvhnFormat Format { get; } = format;

    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        var root = Path.Combine(options.DataRoot, SvhnFormat.Name);
        var file = split == DatasetSplitKind.Train ? Format.Train : Format.Test;
        var path = Path.Combine(root, file.Name);
        if (!File.Exists(path))
        {
            CreateFolder(root);
            if (!fetcher.TryFetch(file, root, options.Log, out var reason))
            {
                throw Missing(root, file, reason);
            }

            if (!File.Exists(path))
            {
                throw new DatasetException($"{SvhnFormat.Name}: still missing {file.Name} in {root} after the download");
            }
        }

        var (pixels, labels) = SvhnMatReader.Read(path, file.Count);
        return ToTensors(pixels, labels, options.Device);
    }

    private static void CreateFolder(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"{root}: cannot create the dataset folder ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
        }
    }

    /// <summary>One error naming every missing file (a run loads both splits), where it goes and where it comes from.</summary>
    private DatasetException Missing(string root, SvhnFile file, string reason)
    {
        var missing = Format.Files.Where(f => !File.Exists(Path.Combine(root, f.Name))).ToList();
        var sources = string.Join(" and ", missing.Select(f => $"{f.Uri} (MD5 {f.Md5})"));
        return new DatasetException(
            $"{SvhnFormat.Name}: missing {string.Join(", ", missing.Select(f => f.Name))} in {root}: tried {file.Uri} ({reason}); " +
            $"download {sources} (SVHN cropped digits, http://ufldl.stanford.edu/housenumbers/) into {root} yourself");
    }

    private static DatasetSplit ToTensors(byte[] pixels, long[] labels, Device device)
    {
        var count = labels.LongLength;
        using var scope = NewDisposeScope();
        // MATLAB's column-major X[h, w, c, n] sits at h + 32 * (w + 32 * (c + 3 * n)): read as a row-major tensor that is
        // [N, C, W, H], so one permute of the last two axes gives [N, C, H, W].
        var raw = tensor(pixels, [count, SvhnFormat.Channels, SvhnFormat.Side, SvhnFormat.Side], ScalarType.Byte).to(device);
        var mean = tensor(SvhnFormat.Mean.ToArray(), [1, SvhnFormat.Channels, 1, 1]).to(device);
        var std = tensor(SvhnFormat.Std.ToArray(), [1, SvhnFormat.Channels, 1, 1]).to(device);
        var inputs = raw.permute(0, 1, 3, 2)
            .contiguous()
            .to_type(ScalarType.Float32)
            .div_(255f)
            .sub_(mean)
            .div_(std);
        var targets = tensor(labels, [count], ScalarType.Int64).to(device);
        return new DatasetSplit(inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }
}
