using System.Net;
using System.Security.Cryptography;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Svhn;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary><see cref="HttpSvhnFetcher"/> through the dataset, with an in-memory HTTP handler.</summary>
public sealed class SvhnFetcherTests : IDisposable
{
    private const int Train = 2;
    private const int Test = 3;

    private readonly SvhnTestFiles _files = new();
    private readonly List<string> _log = [];

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Should_download_verify_and_load_the_file_of_the_split()
    {
        var body = SvhnTestFiles.SvhnFile(Test);
        var requests = new List<Uri>();
        var fetcher = new HttpSvhnFetcher(new StubHandler(r =>
        {
            requests.Add(r.RequestUri!);
            return StubHttp.Ok(body);
        }));

        using var test = Dataset(fetcher, testMd5: StubHttp.Md5(body)).Load(DatasetSplitKind.Test, Options());

        Assert.Equal([new Uri("http://ufldl.stanford.edu/housenumbers/test_32x32.mat")], requests);
        Assert.Equal(Test, test.Count);
        Assert.Equal(["svhn/test_32x32.mat"], _files.AllFiles().Select(f => f.Replace('\\', '/')));
        Assert.Contains("svhn: downloading http://ufldl.stanford.edu/housenumbers/test_32x32.mat (0.0 MB)", _log);
        Assert.Contains(_log, l => l.StartsWith("svhn: test_32x32.mat 100% (", StringComparison.Ordinal));
        Assert.Contains($"svhn: test_32x32.mat verified: MD5 {StubHttp.Md5(body)} as published; SHA-256 {Convert.ToHexStringLower(SHA256.HashData(body))}", _log);
    }

    [Fact]
    public void Should_refuse_the_file_and_leave_nothing_When_the_checksum_differs()
    {
        var body = SvhnTestFiles.SvhnFile(Test);
        var fetcher = new HttpSvhnFetcher(new StubHandler(_ => StubHttp.Ok(body)));

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith(
            $"test_32x32.mat from http://ufldl.stanford.edu/housenumbers/test_32x32.mat has MD5 {StubHttp.Md5(body)}, expected eb5a983be6a315427106f1b164d9cef3 (SHA-256 ",
            ex.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("; refusing to use it", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_files.AllFiles());
        Assert.Empty(Directory.GetDirectories(_files.Folder));
    }

    [Fact]
    public void Should_give_one_error_with_where_to_put_and_get_the_files_When_the_host_is_unreachable()
    {
        var fetcher = new HttpSvhnFetcher(new StubHandler(_ => throw new HttpRequestException("Name or service not known (ufldl.stanford.edu:80)")));

        var ex = Assert.Throws<DatasetException>(() => Dataset(fetcher).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(
            $"svhn: missing train_32x32.mat, test_32x32.mat in {_files.Folder}: tried http://ufldl.stanford.edu/housenumbers/train_32x32.mat " +
            "(cannot reach ufldl.stanford.edu (Name or service not known (ufldl.stanford.edu:80))); download http://ufldl.stanford.edu/housenumbers/train_32x32.mat (MD5 e26dedcc434d2e4c54c9b2d4a06d8373)",
            ex.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(_files.AllFiles());
        Assert.Empty(Directory.GetDirectories(_files.Folder));
    }

    [Fact]
    public void Should_report_the_status_When_the_host_answers_with_an_error()
    {
        var fetcher = new HttpSvhnFetcher(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));
        Directory.CreateDirectory(_files.Folder);

        var fetched = fetcher.TryFetch(SvhnFormat.Official().Test, _files.Folder, _log.Add, out var reason);

        Assert.False(fetched);
        Assert.Equal("http://ufldl.stanford.edu/housenumbers/test_32x32.mat answered HTTP 404 Not Found", reason);
        Assert.Empty(Directory.GetDirectories(_files.Folder));
    }

    private static SvhnDataset Dataset(ISvhnFetcher fetcher, string? testMd5 = null)
    {
        var format = SvhnFormat.Official(Train, Test);
        return new(format with { Test = format.Test with { Md5 = testMd5 ?? format.Test.Md5 } }, fetcher);
    }

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0, _log.Add);
}
