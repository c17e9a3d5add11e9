using System.Net;
using System.Security.Cryptography;
using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Install.Iso;

/// <summary>
/// Finds the installer ISO a run boots, given by path or URL (http, https, file) with the sha256 it must have, and checks
/// that sha256 before any VM starts. A download goes to the cache as <c>iso/&lt;sha256&gt;.iso</c> through a temp file in
/// the same folder that is verified before it is renamed into place, and deleted on any failure or cancellation, so the
/// cache never holds a half-written or unverified ISO.
/// </summary>
/// <remarks>
/// A cached file is hashed again on every use (a few seconds for a 2 GiB ISO): a cache is a disk like any other, and the
/// digest is the promise the install report makes about what was booted.
/// </remarks>
public sealed class IsoSource : IDisposable
{
    /// <summary>A download that delivers no byte for this long is abandoned.</summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(60);

    private const int BufferSize = 1 << 20;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    /// <param name="cacheDirectory">Where downloads are kept; default <see cref="HarnessPaths.Cache"/>/iso.</param>
    /// <param name="handler">The HTTP handler (default: the platform's, honouring the proxy environment variables).</param>
    /// <param name="time">The clock for progress lines and the stall limit.</param>
    public IsoSource(string? cacheDirectory = null, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        CacheDirectory = cacheDirectory ?? Path.Combine(HarnessPaths.Cache, "iso");
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The folder downloads are cached in.</summary>
    public string CacheDirectory { get; }

    /// <summary>The cache file a download with <paramref name="sha256"/> lands in.</summary>
    public string CachePathOf(string sha256) => Path.Combine(CacheDirectory, sha256 + ".iso");

    /// <summary>
    /// <paramref name="value"/> as lower-case hex when it is a sha256 (64 hex digits, an optional <c>sha256:</c> prefix).
    /// </summary>
    /// <param name="value">The text as given.</param>
    /// <param name="origin">Where the value was given, for the message: "--sha256", "TestMatrix.yml artifacts.veilor-iso.sha256".</param>
    /// <exception cref="ArgumentException">Anything else; the message names <paramref name="origin"/> and the value.</exception>
    public static string ParseSha256(string? value, string origin)
    {
        var trimmed = value?.Trim() ?? string.Empty;
        if (trimmed.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["sha256:".Length..];
        }

        if (trimmed.Length != 64 || !trimmed.All(Uri.IsHexDigit))
        {
            var shown = value is null ? "nothing" : $"'{(value.Length > 100 ? value[..100] + "…" : value)}' ({value.Length} characters)";
            throw new ArgumentException($"{origin}: an ISO's sha256 is 64 hex digits (sha256sum's first word), got {shown}");
        }

        return trimmed.ToLowerInvariant();
    }

    /// <summary>
    /// The ISO at <paramref name="pathOrUrl"/>, checked against <paramref name="sha256"/>; downloads (or reuses the
    /// cached download of) an http(s) URL.
    /// </summary>
    /// <param name="pathOrUrl">A path on this machine, <c>file://…</c>, <c>http://…</c> or <c>https://…</c>.</param>
    /// <param name="sha256">The expected sha256.</param>
    /// <param name="origin">Where <paramref name="sha256"/> was given (named by its error message).</param>
    /// <param name="progress">Receives a line every tenth of the file or every 10 s while hashing or downloading.</param>
    /// <param name="cancellationToken">Cancels the hash or the download (a partial download is deleted).</param>
    /// <exception cref="ArgumentException">A malformed sha256 or an unsupported URL scheme.</exception>
    /// <exception cref="FileNotFoundException">The path (or file:// URL) names no file.</exception>
    /// <exception cref="IsoChecksumException">The file or the download has another sha256.</exception>
    /// <exception cref="IsoDownloadException">The server answered with an error, or the transfer broke or stalled.</exception>
    public async Task<ResolvedIso> ResolveAsync(
        string pathOrUrl,
        string sha256,
        string origin,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        var expected = ParseSha256(sha256, origin);
        if (!pathOrUrl.Contains("://", StringComparison.Ordinal))
        {
            return await FromFileAsync(Path.GetFullPath(pathOrUrl), expected, progress, cancellationToken);
        }

        if (!Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var url))
        {
            throw new ArgumentException($"installer ISO '{pathOrUrl}' is neither a path nor a valid URL", nameof(pathOrUrl));
        }

        if (url.IsFile)
        {
            return await FromFileAsync(url.LocalPath, expected, progress, cancellationToken);
        }

        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"installer ISO '{pathOrUrl}': scheme {url.Scheme} is not supported (a path, file://, http:// or https://)", nameof(pathOrUrl));
        }

        return await FromUrlAsync(url, expected, progress, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<ResolvedIso> FromFileAsync(string path, string expected, Action<string>? progress, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"installer ISO {path} does not exist", path);
        }

        var (actual, bytes) = await HashFileAsync(path, progress, ct);
        if (actual != expected)
        {
            throw new IsoChecksumException(path, expected, actual);
        }

        return new ResolvedIso(path, actual, null, bytes, CacheHit: false);
    }

    private async Task<ResolvedIso> FromUrlAsync(Uri url, string expected, Action<string>? progress, CancellationToken ct)
    {
        var cached = CachePathOf(expected);
        if (File.Exists(cached))
        {
            var (actual, bytes) = await HashFileAsync(cached, progress, ct);
            if (actual == expected)
            {
                progress?.Invoke($"installer ISO {url}: cached as {cached}, sha256 matches");
                return new ResolvedIso(cached, actual, url, bytes, CacheHit: true);
            }

            progress?.Invoke($"installer ISO cache file {cached} has sha256 {actual}, not {expected}: downloading again");
            File.Delete(cached);
        }

        Directory.CreateDirectory(CacheDirectory);
        var temp = Path.Combine(CacheDirectory, $".{expected}.{Guid.NewGuid():N}.part");
        try
        {
            var (actual, bytes) = await DownloadAsync(url, temp, progress, ct);
            if (actual != expected)
            {
                throw new IsoChecksumException(url.ToString(), expected, actual);
            }

            File.Move(temp, cached, overwrite: true);
            return new ResolvedIso(cached, actual, url, bytes, CacheHit: false);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private async Task<(string Sha256, long Bytes)> DownloadAsync(Uri url, string temp, Action<string>? progress, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new IsoDownloadException(url, null, $"installer ISO {url}: no answer ({e.Message})", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new IsoDownloadException(
                    url, response.StatusCode, $"installer ISO {url}: the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var total = response.Content.Headers.ContentLength;
            var report = new TransferProgress(progress, "downloading", url.ToString(), total, _time);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            long done = 0;
            await using var source = await response.Content.ReadAsStreamAsync(ct);
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                int read;
                while ((read = await ReadWithStallLimitAsync(source, buffer, url, done, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    done += read;
                    report.Advance(done);
                }

                await target.FlushAsync(ct);
                target.Flush(flushToDisk: true);
            }

            if (total is { } length && done != length)
            {
                throw new IsoDownloadException(url, response.StatusCode, $"installer ISO {url}: the transfer ended after {done} of {length} bytes");
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), done);
        }
    }

    private static async Task<int> ReadWithStallLimitAsync(Stream source, byte[] buffer, Uri url, long done, CancellationToken ct)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(StallLimit);
        try
        {
            return await source.ReadAsync(buffer, stall.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IsoDownloadException(url, null, $"installer ISO {url}: no byte arrived for {StallLimit.TotalSeconds:0} s after {done} bytes");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new IsoDownloadException(url, null, $"installer ISO {url}: the transfer broke after {done} bytes ({e.Message})", e);
        }
    }

    private async Task<(string Sha256, long Bytes)> HashFileAsync(string path, Action<string>? progress, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        var report = new TransferProgress(progress, "checking sha256 of", path, stream.Length, _time);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        long done = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            done += read;
            report.Advance(done);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), done);
    }
}
