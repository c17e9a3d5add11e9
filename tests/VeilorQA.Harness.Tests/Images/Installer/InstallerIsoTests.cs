using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;

namespace VeilorQA.Harness.Tests.Images.Installer;

/// <summary>
/// The installer ISO's cache and build.sh handling, with a stand-in build.sh in a scratch recipe folder
/// (the real build takes minutes and root; it is never started here).
/// </summary>
[TestFixture]
public sealed class InstallerIsoTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private string _root = null!;
    private string _recipe = null!;
    private string _cache = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("veilorqa-installer-test-").FullName;
        _recipe = Path.Combine(_root, "vms", "installer");
        _cache = Path.Combine(_root, "cache");
        Directory.CreateDirectory(_recipe);
        File.Copy(Path.Combine(InstallerIso.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory), "recipe-hash.sh"), Path.Combine(_recipe, "recipe-hash.sh"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public void The_recipe_hash_is_the_one_recipe_hash_sh_prints()
    {
        var real = InstallerIso.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory);
        var printed = Harness.Infrastructure.ExternalCommand.RunCheckedAsync("bash", [Path.Combine(real, "recipe-hash.sh")], TimeSpan.FromSeconds(60)).GetAwaiter().GetResult().Trim();

        new InstallerIso(real, _cache, TimeSpan.FromMinutes(1)).RecipeHash().Should().Be(printed);
    }

    [Test]
    public async Task A_successful_build_is_read_back_from_build_env()
    {
        WriteBuildScript(BuildEnvScript(exitCode: 0));
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromMinutes(1));
        iso.FindCached().Should().BeNull();
        var lines = new List<string>();

        var build = await iso.EnsureBuiltAsync(force: false, lines.Add, CancellationToken.None);

        build.Iso.Should().Be(Path.Combine(_cache, iso.RecipeHash(), "VeilorQA-ref-x86_64-1.iso"));
        build.IsoBytes.Should().Be(304087040);
        build.IsoSha256.Should().Be(Sha);
        build.VolumeLabel.Should().Be("VeilorQA-ref-x86_64-1");
        build.BuildTime.Should().Be(TimeSpan.FromSeconds(187));
        lines.Should().ContainSingle(l => l.StartsWith("installer ISO: running ", StringComparison.Ordinal) && l.Contains(" full log ", StringComparison.Ordinal));
        lines.Should().NotContain("fake build.sh: building", "build.sh's own lines go to the log, not to the caller");
        File.ReadAllLines(Directory.GetFiles(Path.Combine(_cache, RecipeBuildLog.FolderName)).Single())
            .Should().Contain("fake build.sh: building");

        File.AppendAllText(Path.Combine(_recipe, "build.sh"), "# changed\n");
        iso.FindCached().Should().BeNull("the recipe changed (build.sh is part of it), so the old build is not this recipe's");
    }

    [Test]
    public async Task A_cached_build_is_returned_without_running_build_sh()
    {
        WriteBuildScript(BuildEnvScript(exitCode: 0));
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromMinutes(1));
        await iso.EnsureBuiltAsync(false, _ => { }, CancellationToken.None);
        var lines = new List<string>();
        var again = await iso.EnsureBuiltAsync(false, lines.Add, CancellationToken.None);

        again.Directory.Should().Be(iso.CacheDirectory());
        lines.Should().BeEmpty("a cache hit starts no build.sh");
        File.ReadAllLines(Path.Combine(_root, "runs.log")).Should().HaveCount(1);
    }

    [Test]
    public async Task A_failing_build_reports_its_exit_code_and_last_lines()
    {
        WriteBuildScript("echo 'installer/build.sh: mmdebstrap failed' >&2\nexit 3\n");
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromMinutes(1));

        var error = await FluentActions.Awaiting(() => iso.EnsureBuiltAsync(false, _ => { }, CancellationToken.None)).Should().ThrowAsync<InstallerBuildException>();

        error.Which.ExitCode.Should().Be(3);
        error.Which.Message.Should().Contain("exited with code 3").And.Contain("mmdebstrap failed");
    }

    [Test]
    public async Task A_build_over_its_time_is_stopped_with_a_clear_error()
    {
        WriteBuildScript("echo started\nexec sleep 60\n");
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromSeconds(1));

        var error = await FluentActions.Awaiting(() => iso.EnsureBuiltAsync(false, _ => { }, CancellationToken.None)).Should().ThrowAsync<InstallerBuildException>();

        error.Which.ExitCode.Should().BeNull();
        error.Which.Message.Should().Contain("did not finish within").And.Contain("started");
    }

    [Test]
    public async Task A_build_that_leaves_no_complete_folder_is_an_error()
    {
        WriteBuildScript("echo done\n");
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromMinutes(1));

        await FluentActions.Awaiting(() => iso.EnsureBuiltAsync(false, _ => { }, CancellationToken.None))
            .Should().ThrowAsync<InstallerBuildException>().WithMessage("*succeeded but left no complete build*");
    }

    [TestCase("ISO_BYTES=lots", "build.env ISO_BYTES='lots' is not a whole number")]
    [TestCase("ISO_SHA256=xyz", "build.env ISO_SHA256='xyz' is not 64 lowercase hex digits")]
    [TestCase("ISO=../evil.iso", "build.env ISO='../evil.iso' must be a file name*")]
    [TestCase("KERNEL=", "build.env has no value for KERNEL")]
    public void A_malformed_build_env_names_the_key(string line, string expected)
    {
        var dir = Path.Combine(_root, "build");
        Directory.CreateDirectory(dir);
        var facts = BuildEnv().Select(l => l.StartsWith(line.Split('=')[0] + "=", StringComparison.Ordinal) ? line : l);
        File.WriteAllLines(Path.Combine(dir, "build.env"), facts);
        File.WriteAllText(Path.Combine(dir, ReferenceGuestBuild.CompleteMarker), string.Empty);

        FluentActions.Invoking(() => InstallerBuild.Load(dir)).Should().Throw<FormatException>().WithMessage(expected);
    }

    [Test]
    public void A_folder_without_the_complete_marker_is_no_build()
    {
        var dir = Path.Combine(_root, "partial");
        Directory.CreateDirectory(dir);
        File.WriteAllLines(Path.Combine(dir, "build.env"), BuildEnv());

        InstallerBuild.Load(dir).Should().BeNull();
    }

    private static string[] BuildEnv() =>
    [
        "RECIPE_HASH=2b15347dc437cc7c", "ISO=VeilorQA-ref-x86_64-1.iso", "VOLUME_LABEL=VeilorQA-ref-x86_64-1", "KERNEL=6.1.0-50-amd64",
        "ISO_BYTES=304087040", $"ISO_SHA256={Sha}", "SQUASHFS_BYTES=1", "INITRD_BYTES=1", "MMDEBSTRAP_SECONDS=90", "BUILD_SECONDS=187",
    ];

    /// <summary>A build.sh that writes what the real one writes into $VEILORQA_INSTALLER_CACHE/&lt;recipe hash&gt;.</summary>
    private static string BuildEnvScript(int exitCode) => $"""
        set -eu
        recipe="$(cd "$(dirname "$0")" && pwd)"
        out="$VEILORQA_INSTALLER_CACHE/$("$recipe/recipe-hash.sh")"
        echo "fake build.sh: building"
        echo run >> "$recipe/../../runs.log"
        mkdir -p "$out"
        printf '%s\n' {string.Join(' ', BuildEnv().Select(l => "'" + l + "'"))} > "$out/build.env"
        touch "$out/VeilorQA-ref-x86_64-1.iso" "$out/complete"
        exit {exitCode}
        """;

    private void WriteBuildScript(string body) => File.WriteAllText(Path.Combine(_recipe, "build.sh"), "#!/usr/bin/env bash\n" + body + "\n");
}
