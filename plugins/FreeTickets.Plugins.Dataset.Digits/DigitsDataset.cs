using FreeTickets.Abstractions;
using FreeTickets.Plugins.Shared;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Digits;

/// <summary>
/// The 8x8 handwritten digits of scikit-learn (UCI "Optical Recognition of Handwritten Digits", test part; Alpaydin and
/// Kaynak 1998): 1,797 grey 8x8 images of 0..16 in 10 classes, read from <c>digits.csv.gz</c> (or <c>digits.csv</c>) in
/// <c>&lt;data root&gt;/digits/</c>, else from Debian's <c>python3-sklearn</c> when installed, else from that package
/// fetched with <c>apt-get download</c> (2.1 MB; only digits.csv.gz is unpacked into the data root, SHA-256 of its
/// uncompressed content checked, nothing installed). There is no official split: the test
/// set is a fixed 20% (360 digits) chosen by a constant-seed permutation (<see cref="DigitsSplit"/>), the same for every
/// run. Inputs [N, 1, 8, 8] are scaled by 1/16 and normalised with the training split's statistics. Tiny and fast: a
/// real-data sanity check for CPUs.
/// </summary>
public sealed class DigitsDataset : IDataset
{
    private const int Side = 8;
    private const string FileName = "digits.csv.gz";
    private const string DebianPackageName = "python3-sklearn";
    private const string DebianPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    // SHA-256 of the uncompressed digits.csv (1,797 lines, 264,712 bytes) of python3-sklearn 1.2.1+dfsg-1.
    internal const string ContentSha256 = "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8";
    private static readonly TimeSpan _lockLimit = TimeSpan.FromMinutes(30);

    // Mean and standard deviation of pixel/16 over the 1,437 training digits of the fixed split (computed on
    // python3-sklearn 1.2.1's digits.csv.gz).
    private const float Mean = 0.3051f;
    private const float Std = 0.3762f;

    private readonly int _count;
    private readonly string? _systemPath;
    private readonly IProcessRunner? _runner;
    private readonly string _sha256;

    /// <summary>The real dataset.</summary>
    public DigitsDataset()
        : this(1797, DebianPath, new SystemProcessRunner(), ContentSha256)
    {
    }

    /// <summary>Tests use small files and their own (or no) system file, and no apt-get.</summary>
    internal DigitsDataset(int count, string? systemPath)
        : this(count, systemPath, runner: null, ContentSha256)
    {
    }

    /// <summary>Tests use small files, their own system file, a stand-in for apt-get and dpkg-deb and the checksum of their file.</summary>
    internal DigitsDataset(int count, string? systemPath, IProcessRunner? runner, string sha256)
    {
        _count = count;
        _systemPath = systemPath;
        _runner = runner;
        _sha256 = sha256;
        var test = DigitsSplit.TestCount(count);
        Spec = new DatasetSpec([1, Side, Side], DigitsCsvReader.Classes, count - test, test) { Normalization = new([Mean], [Std]) };
    }

    /// <inheritdoc />
    public string Name => "digits";

    /// <inheritdoc />
    public string Description => "scikit-learn 8x8 digits, 1x8x8, 1437/360 fixed split (digits.csv.gz; also Debian's python3-sklearn, installed or fetched with apt-get download)";

    /// <inheritdoc />
    public DatasetSpec Spec { get; }

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        var path = Locate(options);
        var (pixels, labels) = DigitsCsvReader.Read(path, _count);
        var indices = DigitsSplit.Indices(_count, test: split == DatasetSplitKind.Test);

        using var scope = NewDisposeScope();
        var index = tensor(indices.Select(i => (long)i).ToArray());
        var inputs = tensor(pixels, [_count, 1, Side, Side], ScalarType.Byte)
            .index_select(0, index)
            .to(options.Device)
            .to_type(ScalarType.Float32)
            .div_(16f)
            .sub_(Mean)
            .div_(Std);
        var targets = tensor(labels, [_count], ScalarType.Byte).index_select(0, index).to(options.Device).to_type(ScalarType.Int64);
        return new DatasetSplit(inputs.MoveToOuterDisposeScope(), targets.MoveToOuterDisposeScope());
    }

    /// <summary>The data root's file, else the system's, else the one <c>apt-get download</c> brings into the data root.</summary>
    private string Locate(DatasetLoadOptions options)
    {
        var folder = Path.Combine(options.DataRoot, "digits");
        string?[] local = [Path.Combine(folder, FileName), Path.Combine(folder, "digits.csv")];
        var found = local.Append(_systemPath).FirstOrDefault(p => p is not null && File.Exists(p));
        if (found is not null)
        {
            return found;
        }

        var nor = _systemPath is null ? string.Empty : $" nor at {_systemPath}";
        var tried = string.Empty;
        if (_runner is not null)
        {
            using var fetchLock = FetchLock.Acquire(folder, Name, options.Log, _lockLimit);
            var fetched = Path.Combine(folder, FileName);
            if (File.Exists(fetched))
            {
                return fetched;
            }

            string? reason;
            try
            {
                if (DebianPackage.TryFetch(_runner, DebianPackageName, [new PackagedFile(DebianPath.TrimStart('/'), _sha256)], folder, Name, options.Log, out reason))
                {
                    return fetched;
                }
            }
            catch (Exception ex) when (ex is DatasetException or IOException or UnauthorizedAccessException)
            {
                reason = VerifiedDownload.FirstLine(ex);
            }

            tried = $"tried {DebianPackage.Describe(DebianPackageName)} ({reason}); ";
        }

        throw new DatasetException(
            $"digits: {FileName} not found in {folder}{nor}: {tried}" +
            $"on Debian/Ubuntu run `sudo apt-get install {DebianPackageName}` (installs it at {DebianPath}), or copy digits.csv.gz from " +
            $"any scikit-learn installation or source tree (sklearn/datasets/data/digits.csv.gz) into {folder}");
    }
}
