using FreeTickets.Abstractions;

namespace FreeTickets.Plugins.Dataset.Svhn;

/// <summary>
/// SVHN "format 2", cropped digits (Netzer et al. 2011, http://ufldl.stanford.edu/housenumbers/): MATLAB 5 MAT-files
/// holding <c>X</c>, uint8 [32, 32, 3, N] (height, width, channel, image), and <c>y</c>, [N, 1] labels 1..10 where 10 is
/// the digit 0. The <c>extra</c> file is not used.
/// </summary>
/// <param name="Train">The training file.</param>
/// <param name="Test">The test file.</param>
internal sealed record SvhnFormat(SvhnFile Train, SvhnFile Test)
{
    public const string Name = "svhn";
    public const int Channels = 3;
    public const int Side = 32;
    public const int Classes = 10;

    // Per-channel (R, G, B) mean and standard deviation of the 73,257 training images with pixels on [0, 1], the values
    // commonly quoted in SVHN training code; not recomputed here from the files.
    private static readonly float[] _mean = [0.4377f, 0.4438f, 0.4728f];
    private static readonly float[] _std = [0.1980f, 0.2010f, 0.1970f];

    public static IReadOnlyList<float> Mean => _mean;

    public static IReadOnlyList<float> Std => _std;

    public DatasetSpec Spec => new([Channels, Side, Side], Classes, Train.Count, Test.Count) { Normalization = new(Mean, Std) };

    /// <summary>Both files, training first.</summary>
    public IReadOnlyList<SvhnFile> Files => [Train, Test];

    /// <summary>
    /// The official files with the MD5s published for them (the values torchvision's SVHN class checks). Tests pass
    /// smaller image counts.
    /// </summary>
    public static SvhnFormat Official(int trainCount = 73_257, int testCount = 26_032) => new(
        new SvhnFile("train_32x32.mat", new Uri("http://ufldl.stanford.edu/housenumbers/train_32x32.mat"), "e26dedcc434d2e4c54c9b2d4a06d8373", trainCount),
        new SvhnFile("test_32x32.mat", new Uri("http://ufldl.stanford.edu/housenumbers/test_32x32.mat"), "eb5a983be6a315427106f1b164d9cef3", testCount));
}
