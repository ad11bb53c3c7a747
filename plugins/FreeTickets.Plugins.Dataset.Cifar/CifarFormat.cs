using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Cifar;

/// <summary>
/// One of the two CIFAR binary layouts (Krizhevsky 2009, "binary version" on www.cs.toronto.edu/~kriz/cifar.html):
/// files of fixed-size records, each the label byte(s) then 3072 pixel bytes: the 1024 red values of the 32x32 image in
/// row-major order, then the 1024 green, then the 1024 blue. CIFAR-10 has one label byte; CIFAR-100 has two, the coarse
/// (superclass, 0..19) then the fine (class, 0..99) label, and the fine label is the one used.
/// </summary>
/// <param name="Name">The dataset key, the prefix of messages (<c>cifar10</c>, <c>cifar10-released</c>).</param>
/// <param name="Folder">
/// The data root's subfolder that holds the files (<c>cifar10</c>, <c>cifar100</c>); the released-code variants share it
/// with the dataset they vary, so one copy of the files serves both.
/// </param>
/// <param name="DisplayName">The name used in messages (<c>CIFAR-10</c>).</param>
/// <param name="Classes">Number of (fine) classes.</param>
/// <param name="CoarseClasses">Number of coarse classes, or 0 when records carry a single label byte.</param>
/// <param name="TrainFiles">The training files, read in this order.</param>
/// <param name="RecordsPerTrainFile">Records expected in each training file.</param>
/// <param name="TestFile">The test file.</param>
/// <param name="TestRecords">Records expected in the test file.</param>
/// <param name="Mean">Per-channel (R, G, B) mean subtracted from the pixels on [0, 1].</param>
/// <param name="Std">Per-channel (R, G, B) divisor of the pixels on [0, 1] after the mean is subtracted.</param>
/// <param name="Archive">Where the files are published.</param>
internal sealed record CifarFormat(
    string Name,
    string Folder,
    string DisplayName,
    int Classes,
    int CoarseClasses,
    IReadOnlyList<string> TrainFiles,
    int RecordsPerTrainFile,
    string TestFile,
    int TestRecords,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Std,
    CifarArchive Archive)
{
    public const int Channels = 3;
    public const int Side = 32;
    public const int PixelBytes = Channels * Side * Side;

    /// <summary>Label bytes at the start of every record.</summary>
    public int LabelBytes => CoarseClasses > 0 ? 2 : 1;

    public int RecordBytes => LabelBytes + PixelBytes;

    public int TrainSize => RecordsPerTrainFile * TrainFiles.Count;

    public DatasetSpec Spec => new([Channels, Side, Side], Classes, TrainSize, TestRecords) { Normalization = new(Mean, Std) };

    /// <summary>Every file of the dataset: the training files, then the test file.</summary>
    public IReadOnlyList<string> Files => [.. TrainFiles, TestFile];

    /// <summary>What a record starts with, for messages.</summary>
    public string LabelLayout => CoarseClasses > 0 ? "coarse and fine label bytes" : "1 label byte";

    /// <summary>
    /// CIFAR-10: <c>cifar-10-batches-bin/data_batch_1.bin</c> .. <c>data_batch_5.bin</c> (10,000 records each) and
    /// <c>test_batch.bin</c> (10,000). Tests pass smaller record counts.
    /// </summary>
    public static CifarFormat Cifar10(int recordsPerTrainFile = 10_000, int testRecords = 10_000) => new(
        "cifar10",
        "cifar10",
        "CIFAR-10",
        Classes: 10,
        CoarseClasses: 0,
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"],
        recordsPerTrainFile,
        "test_batch.bin",
        testRecords,
        // Per-channel mean and (population) standard deviation of the 50,000 CIFAR-10 training images, pixels scaled
        // to [0, 1], computed over the training set (the widely used 0.4914/0.4822/0.4465 and 0.2470/0.2435/0.2616).
        // The std often seen in CIFAR code, (0.2023, 0.1994, 0.2010), is not the pixel std and is not used here.
        Mean: [0.4914f, 0.4822f, 0.4465f],
        Std: [0.2470f, 0.2435f, 0.2616f],
        new CifarArchive(
            "cifar10",
            new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            "c32a1d4ab5d03f1284b67883e8d87530",
            "cifar-10-batches-bin"));

    /// <summary>
    /// CIFAR-100: <c>cifar-100-binary/train.bin</c> (50,000 records) and <c>test.bin</c> (10,000). Tests pass smaller
    /// record counts.
    /// </summary>
    public static CifarFormat Cifar100(int trainRecords = 50_000, int testRecords = 10_000) => new(
        "cifar100",
        "cifar100",
        "CIFAR-100",
        Classes: 100,
        CoarseClasses: 20,
        ["train.bin"],
        trainRecords,
        "test.bin",
        testRecords,
        // Per-channel mean and (population) standard deviation of the 50,000 CIFAR-100 training images, pixels scaled
        // to [0, 1], computed over the training set (0.5071/0.4865/0.4409 and 0.2673/0.2564/0.2762).
        Mean: [0.5071f, 0.4865f, 0.4409f],
        Std: [0.2673f, 0.2564f, 0.2762f],
        new CifarArchive(
            "cifar100",
            new Uri("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
            "03b5dce01913d631647c71ecec9e9cb8",
            "cifar-100-binary"));

    /// <summary>
    /// CIFAR-10 normalised as the released FreeTickets code does (<c>get_cifar10_dataloaders</c> in
    /// <c>sparselearning/utils.py</c> of Shiweiliuiiiiiii/FreeTickets): the same files in the same <c>cifar10</c> folder,
    /// the same mean, and the std (0.2023, 0.1994, 0.2010) of that code in place of the pixel std.
    /// </summary>
    public static CifarFormat Cifar10Released(int recordsPerTrainFile = 10_000, int testRecords = 10_000) =>
        Cifar10(recordsPerTrainFile, testRecords).Renamed("cifar10-released") with { Std = [0.2023f, 0.1994f, 0.2010f] };

    /// <summary>
    /// CIFAR-100 for the variant with the released code's zero-padded crops: the files, folder and normalisation of
    /// <see cref="Cifar100"/> under the key <c>cifar100-released</c> (the crops are the dataset's augmentation, not the format's).
    /// </summary>
    public static CifarFormat Cifar100Released(int trainRecords = 50_000, int testRecords = 10_000) =>
        Cifar100(trainRecords, testRecords).Renamed("cifar100-released");

    /// <summary>The same files under another dataset key (messages and download log lines carry the key; the folder stays).</summary>
    private CifarFormat Renamed(string name) => this with { Name = name, Archive = Archive with { DatasetName = name } };
}
