using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Mnist;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>
/// Where fashion-mnist comes from, in order: the data root, Debian's folder, the canonical download, Debian's package
/// with apt-get download (the real fetchers, with in-memory HTTP and stand-ins for apt-get and dpkg-deb).
/// </summary>
public sealed class FashionMnistFetchTests : IDisposable
{
    private const int Train = 20;
    private const int Test = 10;
    private const string Package = "dataset-fashion-mnist";
    private const string PackageFolder = "usr/share/datasets/fashion-mnist";

    private readonly IdxTestFiles _files = new();
    private readonly List<string> _log = [];
    private readonly List<Uri> _requests = [];
    private readonly FakePrograms _programs = new();

    public void Dispose() => _files.Dispose();

    private string Folder => Path.Combine(_files.Root, "fashion-mnist");

    private string SystemFolder => Path.Combine(_files.Root, "system");

    [Fact]
    public void Should_load_the_data_root_and_ask_no_other_source()
    {
        _files.WriteSet("fashion-mnist", Train, Test, gz: false);
        WriteBrokenSet(SystemFolder);
        _programs.WithDebianPackage(Package, PackageFiles());

        using var test = Dataset(Serve(Content())).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(Test, test.Count);
        Assert.Empty(_requests);
        Assert.Empty(_programs.Calls);
    }

    [Fact]
    public void Should_load_debians_folder_in_place_before_fetching()
    {
        _files.WriteSet("system", Train, Test, gz: true);
        _programs.WithDebianPackage(Package, PackageFiles());

        using var train = Dataset(Serve(Content())).Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
        Assert.Empty(_requests);
        Assert.Empty(_programs.Calls);
        Assert.False(Directory.Exists(Folder));
    }

    [Fact]
    public void Should_download_the_four_gz_files_from_the_canonical_host_verify_them_and_not_run_apt()
    {
        _programs.WithDebianPackage(Package, PackageFiles());

        using var train = Dataset(Serve(Content())).Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
        Assert.Equal(IdxImageSet.FileNames.Select(f => new Uri(FashionMnistDataset.CanonicalUri, f + ".gz")), _requests);
        Assert.Empty(_programs.Calls);
        Assert.Equal(IdxImageSet.FileNames.Select(f => f + ".gz").Append(".fetch.lock").Order(StringComparer.Ordinal), FolderEntries());
        Assert.Contains("fashion-mnist: t10k-labels-idx1-ubyte.gz verified (SHA-256 of the uncompressed content)", _log);
    }

    [Fact]
    public void Should_take_the_files_from_debians_package_When_the_host_is_unreachable()
    {
        _programs.WithDebianPackage(Package, PackageFiles());

        using var test = Dataset(Unreachable()).Load(DatasetSplitKind.Test, Options());

        Assert.Equal(Test, test.Count);
        Assert.Equal([new Uri(FashionMnistDataset.CanonicalUri, "train-images-idx3-ubyte.gz")], _requests);
        Assert.Equal(2, _programs.Calls.Count);
        Assert.Equal("apt-get download -q dataset-fashion-mnist", _programs.Calls[0]);
        Assert.StartsWith($"dpkg-deb -x {Folder}{Path.DirectorySeparatorChar}.download-", _programs.Calls[1], StringComparison.Ordinal);
        Assert.Equal(IdxImageSet.FileNames.Select(f => f + ".gz").Append(".fetch.lock").Order(StringComparer.Ordinal), FolderEntries());
        Assert.Contains(_log, l => l.StartsWith("fashion-mnist: http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/: cannot reach", StringComparison.Ordinal));
        Assert.Contains($"fashion-mnist: 4 file(s) from dataset-fashion-mnist_1.0_all.deb verified (SHA-256 of the uncompressed content) and written to {Folder}", _log);
    }

    [Fact]
    public void Should_fetch_only_the_files_still_missing()
    {
        var content = Content();
        IdxTestFiles.Write(Folder, "train-images-idx3-ubyte", content["train-images-idx3-ubyte"], gz: false);
        IdxTestFiles.Write(Folder, "t10k-labels-idx1-ubyte", content["t10k-labels-idx1-ubyte"], gz: false);
        _programs.WithDebianPackage(Package, PackageFiles());

        using var test = Dataset(Unreachable()).Load(DatasetSplitKind.Test, Options());

        Assert.Equal([new Uri(FashionMnistDataset.CanonicalUri, "train-labels-idx1-ubyte.gz")], _requests);
        Assert.Equal(
            [".fetch.lock", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte.gz"],
            FolderEntries());
    }

    [Fact]
    public void Should_reject_a_download_whose_content_differs_leave_nothing_of_it_and_go_on_to_apt()
    {
        var wrong = Content();
        wrong["train-images-idx3-ubyte"] = IdxTestFiles.Images(Train, side: 28)[..^1].Append((byte)7).ToArray();
        _programs.WithDebianPackage(Package, PackageFiles());

        using var train = Dataset(Serve(wrong)).Load(DatasetSplitKind.Train, Options());

        Assert.Equal(Train, train.Count);
        Assert.Equal("apt-get download -q dataset-fashion-mnist", _programs.Calls[0]);
        var uri = new Uri(FashionMnistDataset.CanonicalUri, "train-images-idx3-ubyte.gz");
        Assert.Contains(
            $"fashion-mnist: {FashionMnistDataset.CanonicalUri}: train-images-idx3-ubyte.gz from {uri} has SHA-256 {Sha256(wrong["train-images-idx3-ubyte"])} (uncompressed), expected {Sha256(Content()["train-images-idx3-ubyte"])}; refusing to use it",
            _log);
    }

    [Fact]
    public void Should_leave_no_file_behind_When_the_only_download_has_the_wrong_content()
    {
        var wrong = Content();
        wrong["train-images-idx3-ubyte"] = IdxTestFiles.Images(Train)[..^1].Append((byte)7).ToArray();

        var ex = Assert.Throws<DatasetException>(() => Dataset(Serve(wrong)).Load(DatasetSplitKind.Train, Options()));

        Assert.Contains("train-images-idx3-ubyte.gz from http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz has SHA-256 ", ex.Message, StringComparison.Ordinal);
        Assert.Equal([".fetch.lock"], FolderEntries());
    }

    [Fact]
    public void Should_put_no_file_of_a_package_in_place_When_one_of_its_files_differs()
    {
        var files = PackageFiles();
        var bad = $"{PackageFolder}/t10k-labels-idx1-ubyte.gz";
        files[bad] = FakePrograms.Gzip([1, 2, 3]);
        _programs.WithDebianPackage(Package, files);

        var ex = Assert.Throws<DatasetException>(() => Dataset(Unreachable()).Load(DatasetSplitKind.Test, Options()));

        Assert.Contains(
            $"then apt-get download dataset-fashion-mnist (dataset-fashion-mnist_1.0_all.deb: /{bad} has SHA-256 {Sha256([1, 2, 3])} (uncompressed), " +
            $"expected {Sha256(Content()["t10k-labels-idx1-ubyte"])}; refusing to use it)",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Equal([".fetch.lock"], FolderEntries());
    }

    [Fact]
    public void Should_say_in_one_line_what_was_tried_and_why_each_failed_When_every_source_fails()
    {
        _programs.WithDebianPackage("another-package", PackageFiles());

        var ex = Assert.Throws<DatasetException>(() => Dataset(Unreachable()).Load(DatasetSplitKind.Train, Options()));

        Assert.Equal(
            $"fashion-mnist: missing train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte in {Folder}: " +
            $"tried {SystemFolder} (not there), " +
            "then http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ (cannot reach fashion-mnist.s3-website.eu-central-1.amazonaws.com (Name or service not known)), " +
            "then apt-get download dataset-fashion-mnist (failed with exit code 100: E: Unable to locate package dataset-fashion-mnist (no package lists? run `sudo apt-get update`)); " +
            "put the four Fashion-MNIST IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; raw or .gz, " +
            "from github.com/zalandoresearch/fashion-mnist) there, or on Debian/Ubuntu run `sudo apt-get install dataset-fashion-mnist` (installs them in /usr/share/datasets/fashion-mnist)",
            ex.Message);
        Assert.Equal([".fetch.lock"], FolderEntries());
    }

    [Fact]
    public void Should_name_the_http_status_and_the_missing_apt_get()
    {
        var ex = Assert.Throws<DatasetException>(() => Dataset(new StubHandler(r =>
        {
            _requests.Add(r.RequestUri!);
            return new HttpResponseMessage(HttpStatusCode.Forbidden);
        })).Load(DatasetSplitKind.Train, Options()));

        Assert.Contains(
            "then http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/ (http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz answered HTTP 403 Forbidden), " +
            "then apt-get download dataset-fashion-mnist (apt-get not found: not a Debian/Ubuntu system); put the four",
            ex.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_fetch_once_When_two_loads_race_for_the_same_folder()
    {
        using var fetching = new ManualResetEventSlim();
        using var secondWaits = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        var fetcher = new GatedFetcher(folder =>
        {
            fetching.Set();
            finish.Wait(TimeSpan.FromMinutes(1));
            _files.WriteSet("fashion-mnist", Train, Test, gz: true);
        });
        var dataset = new FashionMnistDataset(Train, Test, systemFolder: null, [fetcher]);
        var secondLog = new List<string>();

        var first = Task.Run(() => dataset.Load(DatasetSplitKind.Test, Options()));
        Assert.True(fetching.Wait(TimeSpan.FromMinutes(1)));
        var second = Task.Run(() => dataset.Load(DatasetSplitKind.Test, new DatasetLoadOptions(_files.Root, CPU, 0, line =>
        {
            secondLog.Add(line);
            secondWaits.Set();
        })));
        Assert.True(secondWaits.Wait(TimeSpan.FromMinutes(1)));
        finish.Set();
        using var a = await first;
        using var b = await second;

        Assert.Equal(1, fetcher.Calls);
        Assert.Equal([$"fashion-mnist: another process is fetching into {Folder}; waiting for it"], secondLog);
        Assert.Equal(Test, a.Count);
        Assert.Equal(Test, b.Count);
    }

    private FashionMnistDataset Dataset(HttpMessageHandler handler) =>
        new(Train, Test, SystemFolder,
            [
                new HttpIdxFetcher(handler, "fashion-mnist", FashionMnistDataset.CanonicalUri, Hashes()),
                new DebianIdxFetcher(new FakeProcessRunner(_programs), "fashion-mnist", Package, PackageFolder, Hashes()),
            ]);

    private static Dictionary<string, byte[]> Content() => new(StringComparer.Ordinal)
    {
        ["train-images-idx3-ubyte"] = IdxTestFiles.Images(Train),
        ["train-labels-idx1-ubyte"] = IdxTestFiles.Labels(Train),
        ["t10k-images-idx3-ubyte"] = IdxTestFiles.Images(Test),
        ["t10k-labels-idx1-ubyte"] = IdxTestFiles.Labels(Test),
    };

    private static Dictionary<string, string> Hashes() => Content().ToDictionary(kv => kv.Key, kv => Sha256(kv.Value));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The package's files, recompressed as Debian does (other gzip bytes, same content), plus a file not asked for.</summary>
    private static Dictionary<string, byte[]> PackageFiles()
    {
        var files = Content().ToDictionary(kv => $"{PackageFolder}/{kv.Key}.gz", kv => FakePrograms.Gzip(kv.Value));
        files["usr/share/doc/dataset-fashion-mnist/copyright"] = [1];
        return files;
    }

    private StubHandler Serve(Dictionary<string, byte[]> content) => new(r =>
    {
        _requests.Add(r.RequestUri!);
        var name = r.RequestUri!.Segments[^1];
        return content.TryGetValue(name[..^".gz".Length], out var bytes) ? StubHttp.Ok(FakePrograms.Gzip(bytes)) : new HttpResponseMessage(HttpStatusCode.NotFound);
    });

    private StubHandler Unreachable() => new(r =>
    {
        _requests.Add(r.RequestUri!);
        throw new HttpRequestException("Name or service not known");
    });

    private static void WriteBrokenSet(string folder)
    {
        foreach (var name in IdxImageSet.FileNames)
        {
            IdxTestFiles.Write(folder, name, [0, 0, 0, 0], gz: false);
        }
    }

    private List<string> FolderEntries() =>
        Directory.GetFileSystemEntries(Folder).Select(e => Path.GetFileName(e)!).Order(StringComparer.Ordinal).ToList();

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0, _log.Add);

    /// <summary>A source that runs <paramref name="fetch"/> and counts its calls.</summary>
    private sealed class GatedFetcher(Action<string> fetch) : IIdxFetcher
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Source => "gated";

        public bool TryFetch(string folder, IReadOnlyList<string> missing, Action<string>? log, [NotNullWhen(false)] out string? reason)
        {
            Interlocked.Increment(ref _calls);
            fetch(folder);
            reason = null;
            return true;
        }
    }
}
