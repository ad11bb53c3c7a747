using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using FreeTickets.Abstractions;
using FreeTickets.Plugins.Dataset.Cifar;
using static TorchSharp.torch;

namespace FreeTickets.Plugins.Tests.Datasets;

public sealed class HttpCifarFetcherTests : IDisposable
{
    private const int PerBatch = 2;
    private const int Test = 3;

    private readonly CifarTestFiles _files = new();
    private readonly List<string> _log = [];

    public void Dispose() => _files.Dispose();

    private string DatasetFolder => Path.Combine(_files.Root, "cifar10");

    [Fact]
    public void Should_download_verify_and_extract_the_archive_from_a_local_server_then_load_it()
    {
        var archive = ValidArchive();
        using var server = new LocalServer(archive);
        using var handler = new SocketsHttpHandler();
        var dataset = new Cifar10Dataset(Format(server.Address("cifar-10-binary.tar.gz"), StubHttp.Md5(archive)), new HttpCifarFetcher(handler));

        using var train = dataset.Load(DatasetSplitKind.Train, Options());
        using var test = dataset.Load(DatasetSplitKind.Test, Options());

        Assert.Equal(1, server.Requests);
        Assert.Equal(Enumerable.Range(0, 5 * PerBatch).Select(i => (long)CifarTestFiles.Label(i, 10)), train.Labels.data<long>().ToArray());
        Assert.Equal(Test, test.Count);
        Assert.Contains($"cifar10: downloading {server.Address("cifar-10-binary.tar.gz")} (0.0 MB)", _log);
        Assert.Contains(_log, l => l.StartsWith("cifar10: 100% (", StringComparison.Ordinal));
        Assert.Contains($"cifar10: cifar-10-binary.tar.gz verified: MD5 {StubHttp.Md5(archive)} as published; SHA-256 {Convert.ToHexStringLower(SHA256.HashData(archive))}", _log);
        Assert.Equal(
            ["batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"],
            Directory.GetFiles(Path.Combine(DatasetFolder, "cifar-10-batches-bin")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([Path.Combine(DatasetFolder, "cifar-10-batches-bin")], Directory.GetDirectories(DatasetFolder));
    }

    [Fact]
    public void Should_refuse_the_archive_and_leave_nothing_When_the_checksum_differs()
    {
        var archive = ValidArchive();
        var wrong = new string('0', 32);
        var fetcher = new HttpCifarFetcher(new StubHandler(_ => StubHttp.Ok(archive)));

        var ex = Assert.Throws<DatasetException>(() => new Cifar10Dataset(Format(Canonical, wrong), fetcher).Load(DatasetSplitKind.Test, Options()));

        Assert.StartsWith($"cifar-10-binary.tar.gz from {Canonical} has MD5 {StubHttp.Md5(archive)}, expected {wrong} (SHA-256 ", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("; refusing to use it", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_files.AllFiles());
        Assert.Empty(Directory.GetDirectories(DatasetFolder));
    }

    [Fact]
    public void Should_refuse_a_path_traversal_archive_even_When_its_checksum_matches()
    {
        var archive = CifarTestFiles.TarGz([.. Entries(), ("cifar-10-batches-bin/../../../evil", [1])]);
        var fetcher = new HttpCifarFetcher(new StubHandler(_ => StubHttp.Ok(archive)));

        var ex = Assert.Throws<DatasetException>(() => new Cifar10Dataset(Format(Canonical, StubHttp.Md5(archive)), fetcher).Load(DatasetSplitKind.Test, Options()));

        Assert.Equal("cifar-10-binary.tar.gz: unsafe archive entry 'cifar-10-batches-bin/../../../evil' (path has a '..' segment); refusing to extract", ex.Message);
        Assert.Empty(_files.AllFiles());
        Assert.False(File.Exists(Path.Combine(_files.Root, "evil")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_files.Root)!, "evil")));
    }

    [Fact]
    public void Should_give_one_error_with_where_to_put_and_get_the_files_When_the_host_is_unreachable()
    {
        var fetcher = new HttpCifarFetcher(new StubHandler(_ => throw new HttpRequestException("Name or service not known (www.cs.toronto.edu:443)")));

        var ex = Assert.Throws<DatasetException>(() => new Cifar10Dataset(CifarFormat.Cifar10(PerBatch, Test), fetcher).Load(DatasetSplitKind.Train, Options()));

        Assert.StartsWith(
            $"cifar10: missing data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin in {DatasetFolder}: " +
            "tried https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (cannot reach www.cs.toronto.edu (Name or service not known (www.cs.toronto.edu:443))); " +
            $"download https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (MD5 c32a1d4ab5d03f1284b67883e8d87530) yourself and extract it into {DatasetFolder}",
            ex.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Empty(_files.AllFiles());
        Assert.Empty(Directory.GetDirectories(DatasetFolder));
    }

    [Fact]
    public void Should_report_the_status_When_the_host_answers_with_an_error()
    {
        var fetcher = new HttpCifarFetcher(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var fetched = fetcher.TryFetch(Format(Canonical, "x").Archive, DatasetFolder, ["test_batch.bin"], _log.Add, out var reason);

        Assert.False(fetched);
        Assert.Equal($"{Canonical} answered HTTP 404 Not Found", reason);
        Assert.Empty(Directory.GetDirectories(DatasetFolder));
    }

    [Fact]
    public void Should_name_the_missing_entries_When_the_archive_lacks_data_files()
    {
        var archive = CifarTestFiles.TarGz(Entries().Where(e => !e.Name.EndsWith("test_batch.bin", StringComparison.Ordinal)));
        var fetcher = new HttpCifarFetcher(new StubHandler(_ => StubHttp.Ok(archive)));

        var ex = Assert.Throws<DatasetException>(() => new Cifar10Dataset(Format(Canonical, StubHttp.Md5(archive)), fetcher).Load(DatasetSplitKind.Test, Options()));

        Assert.Equal("cifar-10-binary.tar.gz: archive lacks cifar-10-batches-bin/test_batch.bin", ex.Message);
        Assert.Empty(_files.AllFiles());
    }

    private static Uri Canonical => CifarFormat.Cifar10().Archive.Uri;

    private static CifarFormat Format(Uri uri, string md5)
    {
        var format = CifarFormat.Cifar10(PerBatch, Test);
        return format with { Archive = format.Archive with { Uri = uri, Md5 = md5 } };
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Entries() =>
        CifarTestFiles.Cifar10Files(PerBatch, Test)
            .Select(f => ("cifar-10-batches-bin/" + f.Name, f.Bytes))
            .Append(("cifar-10-batches-bin/batches.meta.txt", "airplane\n"u8.ToArray()));

    private static byte[] ValidArchive() => CifarTestFiles.TarGz(Entries());

    private DatasetLoadOptions Options() => new(_files.Root, CPU, Seed: 0, _log.Add);


    /// <summary>A real HTTP server on a free loopback port that serves one body to every request.</summary>
    private sealed class LocalServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string _prefix;
        private int _requests;

        public LocalServer(byte[] body)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            _prefix = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(_prefix);
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
            });
        }

        public int Requests => Volatile.Read(ref _requests);

        public Uri Address(string file) => new(_prefix + file);

        public void Dispose() => _listener.Close();
    }
}
