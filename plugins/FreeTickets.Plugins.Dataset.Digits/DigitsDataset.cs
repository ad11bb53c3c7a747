using FreeTickets.Abstractions;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Dataset.Digits;

/// <summary>
/// The 8x8 handwritten digits of scikit-learn (UCI "Optical Recognition of Handwritten Digits", test part; Alpaydin and
/// Kaynak 1998): 1,797 grey 8x8 images of 0..16 in 10 classes, read from <c>digits.csv.gz</c> (or <c>digits.csv</c>) in
/// <c>&lt;data root&gt;/digits/</c>, else from Debian's <c>python3-sklearn</c>. There is no official split: the test
/// set is a fixed 20% (360 digits) chosen by a constant-seed permutation (<see cref="DigitsSplit"/>), the same for every
/// run. Inputs [N, 1, 8, 8] are scaled by 1/16 and normalised with the training split's statistics. Tiny and fast: a
/// real-data sanity check for CPUs.
/// </summary>
public sealed class DigitsDataset : IDataset
{
    private const int Side = 8;
    private const string FileName = "digits.csv.gz";
    private const string DebianPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";

    // Mean and standard deviation of pixel/16 over the 1,437 training digits of the fixed split (computed on
    // python3-sklearn 1.2.1's digits.csv.gz).
    private const float Mean = 0.3051f;
    private const float Std = 0.3762f;

    private readonly int _count;
    private readonly string? _systemPath;

    /// <summary>The real dataset.</summary>
    public DigitsDataset()
        : this(1797, DebianPath)
    {
    }

    /// <summary>Tests use small files and their own (or no) system file.</summary>
    internal DigitsDataset(int count, string? systemPath)
    {
        _count = count;
        _systemPath = systemPath;
        var test = DigitsSplit.TestCount(count);
        Spec = new DatasetSpec([1, Side, Side], DigitsCsvReader.Classes, count - test, test) { Normalization = new([Mean], [Std]) };
    }

    /// <inheritdoc />
    public string Name => "digits";

    /// <inheritdoc />
    public string Description => "scikit-learn 8x8 digits, 1x8x8, 1437/360 fixed split (digits.csv.gz; also Debian's python3-sklearn)";

    /// <inheritdoc />
    public DatasetSpec Spec { get; }

    /// <inheritdoc />
    public DatasetSplit Load(DatasetSplitKind split, DatasetLoadOptions options)
    {
        var folder = Path.Combine(options.DataRoot, "digits");
        var path = new[] { Path.Combine(folder, FileName), Path.Combine(folder, "digits.csv"), _systemPath }
            .FirstOrDefault(p => p is not null && File.Exists(p))
            ?? throw new DatasetException(
                $"digits: {FileName} not found in {folder}{(_systemPath is null ? string.Empty : " nor at " + _systemPath)}: " +
                "on Debian/Ubuntu run `sudo apt-get install python3-sklearn` (installs it there), or copy digits.csv.gz from " +
                $"any scikit-learn installation or source tree (sklearn/datasets/data/digits.csv.gz) into {folder}");

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
}
