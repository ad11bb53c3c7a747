using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// Finds a CIFAR dataset's files under the data root (directly in <c>&lt;root&gt;/&lt;folder&gt;/</c> or in the archive's
/// own folder inside it), fetches them when missing, and turns a split into normalised tensors. Shared by
/// <see cref="Cifar10Dataset"/>, <see cref="Cifar100Dataset"/> and their released-code variants, which read the same
/// folders.
/// </summary>
internal sealed class CifarSplitLoader(CifarFormat format, ICifarFetcher fetcher)
{
    public CifarFormat Format { get; } = format;

    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        var root = Path.Combine(options.DataRoot, Format.Folder);
        var folder = FindComplete(root);
        if (folder is null)
        {
            if (!fetcher.TryFetch(Format.Archive, root, Format.Files, options.Log, out var reason))
            {
                throw Missing(root, reason);
            }

            folder = FindComplete(root)
                ?? throw new DatasetException($"{Format.Name}: still missing {string.Join(", ", MissingIn(ArchiveFolder(root)))} in {ArchiveFolder(root)} after the download");
        }

        return Read(folder, split, options.Device);
    }

    /// <summary>The first of <paramref name="root"/> and its archive-named subfolder that holds every file; null if neither does.</summary>
    public string? FindComplete(string root) =>
        new[] { root, ArchiveFolder(root) }.FirstOrDefault(f => MissingIn(f).Count == 0);

    private string ArchiveFolder(string root) => Path.Combine(root, Format.Archive.FolderName);

    private List<string> MissingIn(string folder) => Format.Files.Where(f => !File.Exists(Path.Combine(folder, f))).ToList();

    private DatasetException Missing(string root, string reason)
    {
        // Name the files missing from whichever of the two accepted folders is closer to complete.
        var inArchiveFolder = MissingIn(ArchiveFolder(root));
        var inRoot = MissingIn(root);
        var (folder, missing) = inArchiveFolder.Count < inRoot.Count ? (ArchiveFolder(root), inArchiveFolder) : (root, inRoot);
        var archive = Format.Archive;
        return new DatasetException(
            $"{Format.Name}: missing {string.Join(", ", missing)} in {folder}: tried {archive.Uri} ({reason}); " +
            $"download {archive.Uri} (MD5 {archive.Md5}) yourself and extract it into {root} (it unpacks to {archive.FolderName}/), " +
            $"or copy the {Format.DisplayName} binary files ({string.Join(", ", Format.Files)}) into {root}");
    }

    private DatasetSplit Read(string folder, DatasetSplitKind split, Device device)
    {
        var (files, perFile) = split == DatasetSplitKind.Train
            ? (Format.TrainFiles, Format.RecordsPerTrainFile)
            : ([Format.TestFile], Format.TestRecords);
        var records = CifarBinaryReader.ReadRecords(files.Select(f => Path.Combine(folder, f)).ToList(), perFile, Format);
        long count = (long)perFile * files.Count;

        using var scope = NewDisposeScope();
        // One copy of the raw records into a uint8 tensor; labels and pixel planes are column slices of it, so the
        // R, G, B planes of each record land in channels 0, 1, 2 of [N, 3, 32, 32] by a plain reshape.
        var raw = tensor(records, [count, Format.RecordBytes], ScalarType.Byte).to(device);
        var mean = tensor(Format.Mean.ToArray(), [1, CifarFormat.Channels, 1, 1]).to(device);
        var std = tensor(Format.Std.ToArray(), [1, CifarFormat.Channels, 1, 1]).to(device);
        var inputs = raw.narrow(1, Format.LabelBytes, CifarFormat.PixelBytes)
            .reshape(count, CifarFormat.Channels, CifarFormat.Side, CifarFormat.Side)
            .to_type(ScalarType.Float32)
            .div_(255f)
            .sub_(mean)
            .div_(std);
        var labels = raw.select(1, Format.LabelBytes - 1).to_type(ScalarType.Int64);
        return new DatasetSplit(inputs.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }
}
