using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Images;
using VeilorQA.Harness.Images.Installer;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Images.Build;

/// <summary>
/// A recipe build's output handling, with a real bash running a stand-in build.sh in a scratch recipe folder: phase
/// lines reach the caller, the rest only the log file, secrets neither; a failure and a time-out name the log.
/// </summary>
[TestFixture]
public sealed class RecipeBuildScriptTests
{
    private string _root = null!;
    private string _recipe = null!;
    private string _cache = null!;
    private readonly List<string> _shown = [];

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("veilorqa-recipe-build-test-").FullName;
        _recipe = Path.Combine(_root, "vms", "installer");
        _cache = Path.Combine(_root, "cache");
        Directory.CreateDirectory(_recipe);
        File.Copy(Path.Combine(InstallerIso.FindRecipeDirectory(TestContext.CurrentContext.TestDirectory), "recipe-hash.sh"), Path.Combine(_recipe, "recipe-hash.sh"));
        _shown.Clear();
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task I_see_each_phase_and_its_percentage_in_steps_not_every_tick()
    {
        WriteBuildScript("""
            echo '::veilorqa-phase bootstrap'
            echo 'I: running apt-get update...'
            echo '::veilorqa-phase packages'
            for p in $(seq 0 5 100); do echo "::veilorqa-phase packages $p%"; done
            echo '::veilorqa-phase initramfs'
            echo 'dracut: Generating /boot/initrd.img-6.1.0-50-amd64'
            """);

        var outcome = await RunAsync(TimeSpan.FromMinutes(1));

        outcome.ExitCode.Should().Be(0);
        outcome.Phase.Should().Be("initramfs");
        _shown[0].Should().Be($"fake build: running {Path.Combine(_recipe, "build.sh")}; full log {outcome.LogFile}");
        _shown.Should().ContainMatch("fake build: bootstrap started at * s");
        _shown.Should().ContainMatch("fake build: packages started at * s (bootstrap took * s)");
        _shown.Where(l => l.StartsWith("fake build: packages ", StringComparison.Ordinal) && l.EndsWith("%)", StringComparison.Ordinal))
            .Select(l => l[(l.LastIndexOf('(') + 1)..^2])
            .Should().Equal(["0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"], "a percentage is shown each 10 points, not at every 5");
        _shown.Should().ContainMatch("fake build: initramfs started at * s (packages took * s)");
        _shown[^1].Should().MatchRegex(@"^fake build: build\.sh finished in \d+ s \(bootstrap \d+ s, packages \d+ s, initramfs \d+ s\)$");
    }

    [Test]
    public async Task Apt_and_dpkg_noise_reaches_the_log_but_not_the_caller()
    {
        WriteBuildScript("""
            echo '::veilorqa-phase packages'
            for i in $(seq 1 300); do printf '(Reading database ... %d%%\r' $((i % 100)); echo "Unpacking pkg$i (1.0) ..."; echo "Setting up pkg$i (1.0) ..." >&2; done
            """);

        var outcome = await RunAsync(TimeSpan.FromMinutes(1));

        outcome.ExitCode.Should().Be(0);
        _shown.Should().HaveCount(3, "the log line, the phase and the end; not 900 lines of apt and dpkg: {0}", string.Join(" | ", _shown));
        _shown.Should().NotContain(l => l.Contains("Reading database", StringComparison.Ordinal) || l.Contains("pkg", StringComparison.Ordinal));
        var log = await File.ReadAllLinesAsync(outcome.LogFile);
        log.Should().Contain("Unpacking pkg300 (1.0) ...").And.Contain("Setting up pkg1 (1.0) ...", "stderr goes to the log too");
        log.Count(l => l.StartsWith("Setting up pkg", StringComparison.Ordinal)).Should().Be(300);
        Path.GetDirectoryName(outcome.LogFile).Should().Be(Path.Combine(_cache, RecipeBuildLog.FolderName));
        if (OperatingSystem.IsLinux())
        {
            File.GetUnixFileMode(outcome.LogFile).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Test]
    public async Task A_registered_secret_never_reaches_the_log_the_caller_or_the_error()
    {
        var secret = "vq-build-" + Guid.NewGuid().ToString("N");
        Redactor.Global.Register(new Secret(secret));
        WriteBuildScript($"""
            echo '::veilorqa-phase keys {secret}'
            echo "passphrase is {secret}"
            echo "on stderr {secret}" >&2
            sleep 0.3
            exit 4
            """);

        var outcome = await RunAsync(TimeSpan.FromMinutes(1));

        outcome.ExitCode.Should().Be(4);
        var log = await File.ReadAllTextAsync(outcome.LogFile);
        log.Should().NotContain(secret).And.Contain($"passphrase is {Secret.Mask}").And.Contain($"on stderr {Secret.Mask}");
        string.Join('\n', _shown).Should().NotContain(secret).And.Contain($"keys {Secret.Mask}");
        string.Join('\n', outcome.LastLines).Should().NotContain(secret);
    }

    [Test]
    public async Task A_failed_build_names_its_log_and_phase_in_the_error()
    {
        WriteBuildScript("""
            echo '::veilorqa-phase bootstrap'
            echo '::veilorqa-phase packages'
            echo 'E: Unable to locate package veilor-nonexistent' >&2
            exit 3
            """);
        var iso = new InstallerIso(_recipe, _cache, TimeSpan.FromMinutes(1));

        var error = (await FluentActions.Awaiting(() => iso.EnsureBuiltAsync(false, _shown.Add, CancellationToken.None))
            .Should().ThrowAsync<InstallerBuildException>()).Which;

        error.ExitCode.Should().Be(3);
        error.LogFile.Should().NotBeNull();
        File.ReadAllText(error.LogFile!).Should().Contain("E: Unable to locate package veilor-nonexistent");
        error.Message.Should().StartWith($"vms/installer/build.sh exited with code 3 in phase packages; full log {error.LogFile}\nlast output:\n")
            .And.Contain("E: Unable to locate package veilor-nonexistent");
        _shown[^1].Should().MatchRegex(@"^installer ISO: build\.sh exited with code 3 after \d+ s in phase packages; full log ")
            .And.EndWith(error.LogFile);
        ((IRecipeBuildFailure)error).LogFile.Should().Be(error.LogFile, "the report finds the log through the interface");
    }

    [Test]
    public async Task A_failed_reference_build_names_its_log_too()
    {
        var recipe = Path.Combine(_root, "vms", "reference");
        Directory.CreateDirectory(recipe);
        File.WriteAllText(Path.Combine(recipe, "build.sh"), "#!/usr/bin/env bash\necho '::veilorqa-phase ostree commit'\necho 'error: fsync: No space left on device' >&2\nexit 1\n");
        var image = new ReferenceGuestImage(recipe, _cache, TimeSpan.FromMinutes(1));

        var error = (await FluentActions.Awaiting(() => image.EnsureBuiltAsync(true, null, _shown.Add, CancellationToken.None))
            .Should().ThrowAsync<ReferenceGuestBuildException>()).Which;

        error.Message.Should().StartWith($"build.sh exited with code 1 in phase ostree commit; full log {error.LogFile}");
        File.ReadAllText(error.LogFile!).Should().Contain("No space left on device");
        _shown[0].Should().StartWith("reference guest: running ").And.EndWith($"build.sh --force; full log {error.LogFile}");
    }

    [Test]
    public async Task A_build_over_its_time_limit_is_killed_and_says_where_it_was()
    {
        WriteBuildScript("""
            echo '::veilorqa-phase packages'
            echo 'Setting up linux-image-6.1.0-50-amd64 (6.1.176-1) ...'
            exec sleep 60
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcome = await RunAsync(TimeSpan.FromSeconds(1));

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "build.sh is killed at its limit, not waited for");
        outcome.ExitCode.Should().BeNull();
        outcome.Phase.Should().Be("packages");
        outcome.LastLines.Should().Contain("Setting up linux-image-6.1.0-50-amd64 (6.1.176-1) ...");
        _shown[^1].Should().MatchRegex(@"^fake build: build\.sh stopped at its time limit after \d+ s in phase packages; full log ").And.EndWith(outcome.LogFile);
    }

    private async Task<RecipeBuildScript.Outcome> RunAsync(TimeSpan timeLimit)
    {
        using var progress = new RecipeBuildProgress("fake build", RecipeBuildLog.Create(_cache, "0123456789abcdef"), _shown.Add);
        return await RecipeBuildScript.RunAsync(_recipe, false, new Dictionary<string, string?>(), timeLimit, progress, CancellationToken.None);
    }

    private void WriteBuildScript(string body) => File.WriteAllText(Path.Combine(_recipe, "build.sh"), "#!/usr/bin/env bash\nset -eu\n" + body + "\n");
}
