using System.Net;
using System.Security.Cryptography;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install.Iso;

namespace VeilorQA.Harness.Tests.Install.Iso;

public sealed class IsoSourceTests
{
    private const string Origin = "--sha256";
    private string _dir = null!;
    private string _cache = null!;
    private byte[] _iso = null!;
    private string _sha = null!;

    [SetUp]
    public void CreateFolder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "veilorqa-test-iso-" + Guid.NewGuid().ToString("N")[..8]);
        _cache = Path.Combine(_dir, "cache", "iso");
        Directory.CreateDirectory(_dir);
        // 3 MiB and a bit: several reads of the 1 MiB buffer, so progress has tenths to cross.
        _iso = new byte[(3 << 20) + 12345];
        new Random(11).NextBytes(_iso);
        _sha = Convert.ToHexStringLower(SHA256.HashData(_iso));
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task A_local_file_with_the_right_sha256_is_resolved_in_place()
    {
        var path = WriteIso("installer.iso");
        using var source = NewSource();
        var lines = new List<string>();

        var iso = await source.ResolveAsync(path, _sha.ToUpperInvariant(), Origin, lines.Add);

        iso.Should().Be(new ResolvedIso(path, _sha, null, _iso.Length, CacheHit: false));
        lines.Should().Contain(l => l.Contains("100 %") && l.Contains(path));
        Directory.Exists(_cache).Should().BeFalse("a local file is never copied into the cache");
    }

    [Test]
    public async Task A_file_url_is_a_local_file()
    {
        var path = WriteIso("installer.iso");
        using var source = NewSource();

        var iso = await source.ResolveAsync(new Uri(path).AbsoluteUri, "sha256:" + _sha, Origin);

        iso.Path.Should().Be(path);
        iso.Url.Should().BeNull();
    }

    [Test]
    public async Task A_local_file_with_another_sha256_is_one_clear_error()
    {
        var path = WriteIso("installer.iso");
        var wrong = new string('0', 64);
        using var source = NewSource();

        var act = () => source.ResolveAsync(path, wrong, Origin);

        var error = (await act.Should().ThrowAsync<IsoChecksumException>()).Which;
        error.Location.Should().Be(path);
        error.Expected.Should().Be(wrong);
        error.Actual.Should().Be(_sha);
        error.Message.Should().Contain(path).And.Contain(wrong).And.Contain(_sha);
    }

    [Test]
    public async Task A_missing_file_names_its_path()
    {
        var path = Path.Combine(_dir, "nowhere.iso");
        using var source = NewSource();

        var act = () => source.ResolveAsync(path, _sha, Origin);

        (await act.Should().ThrowAsync<FileNotFoundException>()).Which.Message.Should().Contain(path);
    }

    [TestCase("")]
    [TestCase("abc123")]
    [TestCase("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [TestCase("zz4f30c9f44429a1cb0000000000000000000000000000000000000000000000")]
    [TestCase("4f30c9f44429a1cb00000000000000000000000000000000000000000000000000")]
    public async Task A_malformed_sha256_names_where_it_was_given(string sha)
    {
        var path = WriteIso("installer.iso");
        using var source = NewSource();
        const string origin = "TestMatrix.yml artifacts.veilor-iso.sha256";

        var act = () => source.ResolveAsync(path, sha, origin);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain(origin).And.Contain("64 hex digits");
    }

    [Test]
    public async Task A_download_is_verified_and_cached_under_its_sha256()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve("/veilor.iso", _iso);
        using var source = NewSource();
        var lines = new List<string>();
        var url = server.UrlOf("/veilor.iso");

        var iso = await source.ResolveAsync(url, _sha, Origin, lines.Add);

        iso.Should().Be(new ResolvedIso(Path.Combine(_cache, _sha + ".iso"), _sha, new Uri(url), _iso.Length, CacheHit: false));
        File.ReadAllBytes(iso.Path).Should().Equal(_iso);
        Directory.GetFiles(_cache).Should().ContainSingle("the temp file was renamed into place");
        lines.Should().Contain(l => l.StartsWith("downloading " + url) && l.Contains("100 %"));
    }

    [Test]
    public async Task A_download_with_another_sha256_leaves_nothing_in_the_cache()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve("/veilor.iso", _iso);
        var wrong = new string('a', 64);
        using var source = NewSource();
        var url = server.UrlOf("/veilor.iso");

        var act = () => source.ResolveAsync(url, wrong, Origin);

        var error = (await act.Should().ThrowAsync<IsoChecksumException>()).Which;
        error.Location.Should().Be(url);
        error.Actual.Should().Be(_sha);
        Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Should().BeEmpty("neither the temp file nor a cache file may stay");
    }

    [Test]
    public async Task A_missing_url_names_the_url_and_the_status()
    {
        await using var server = new LoopbackHttpServer();
        using var source = NewSource();
        var url = server.UrlOf("/gone.iso");

        var act = () => source.ResolveAsync(url, _sha, Origin);

        var error = (await act.Should().ThrowAsync<IsoDownloadException>()).Which;
        error.Status.Should().Be(HttpStatusCode.NotFound);
        error.Message.Should().Contain(url).And.Contain("404");
        Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Test]
    public async Task A_cancelled_download_leaves_no_temp_file()
    {
        await using var server = new LoopbackHttpServer();
        server.Serve("/veilor.iso", _iso, stallAfter: _iso.Length / 2);
        using var source = NewSource();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var act = () => source.ResolveAsync(server.UrlOf("/veilor.iso"), _sha, Origin, cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        Directory.GetFiles(_cache, "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Test]
    public async Task A_cached_download_is_used_without_the_network()
    {
        var url = string.Empty;
        await using (var server = new LoopbackHttpServer())
        {
            server.Serve("/veilor.iso", _iso);
            url = server.UrlOf("/veilor.iso");
            using var first = NewSource();
            await first.ResolveAsync(url, _sha, Origin);
            server.Requests.Should().Be(1);
        }

        using var source = NewSource();
        var iso = await source.ResolveAsync(url, _sha, Origin);

        iso.CacheHit.Should().BeTrue();
        iso.Path.Should().Be(Path.Combine(_cache, _sha + ".iso"));
        iso.Bytes.Should().Be(_iso.Length);
    }

    [Test]
    public async Task A_corrupt_cache_file_is_downloaded_again()
    {
        Directory.CreateDirectory(_cache);
        await File.WriteAllBytesAsync(Path.Combine(_cache, _sha + ".iso"), _iso[..1000]);
        await using var server = new LoopbackHttpServer();
        server.Serve("/veilor.iso", _iso);
        using var source = NewSource();

        var iso = await source.ResolveAsync(server.UrlOf("/veilor.iso"), _sha, Origin);

        iso.CacheHit.Should().BeFalse();
        server.Requests.Should().Be(1);
        File.ReadAllBytes(iso.Path).Should().Equal(_iso);
    }

    private IsoSource NewSource() => new(_cache, new SocketsHttpHandler { UseProxy = false });

    private string WriteIso(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, _iso);
        return path;
    }
}
