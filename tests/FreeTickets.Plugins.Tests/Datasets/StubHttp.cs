using System.Net;
using System.Security.Cryptography;

namespace FreeTickets.Plugins.Tests.Datasets;

/// <summary>In-memory HTTP for the dataset fetcher tests: canned responses and the MD5 the hosts publish.</summary>
internal static class StubHttp
{
    /// <summary>200 OK with <paramref name="body"/>.</summary>
    public static HttpResponseMessage Ok(byte[] body) => new(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };

    /// <summary>Lowercase hex MD5, as the dataset hosts publish it.</summary>
    public static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
}

/// <summary>An HTTP handler that answers every request with <paramref name="respond"/>.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(respond(request));
}
