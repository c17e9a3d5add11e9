using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Repro;
using VeilorQA.Harness.Install.Watch;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Install.Repro;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReproBundleTests
{
    private const string PassphraseVariable = "VEILORQA_VEILOR_LUKS_PASSPHRASE";
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private string _root = null!;
    private string _run = null!;
    private string _bundle = null!;
    private string _secret = null!;
    private string _realKickstart = null!;

    [SetUp]
    public void CreateRun()
    {
        _root = Path.Combine(Path.GetTempPath(), "veilorqa-test-repro-" + Guid.NewGuid().ToString("N")[..8]);
        _run = Path.Combine(_root, "run");
        _bundle = Path.Combine(_root, "bundles", "install-1");
        Directory.CreateDirectory(Path.Combine(_run, "tpm"));
        Directory.CreateDirectory(Path.Combine(_run, "screenshots"));
        _secret = "luks-" + Guid.NewGuid().ToString("N");
        Redactor.Global.Register(new Secret(_secret));

        // What the install session leaves: the installer's real kickstart (0600, holds the passphrase) beside the masked copy.
        _realKickstart = Write("ks.cfg", $"part / --fstype=xfs --encrypted --luks-version=luks2 --passphrase={_secret} --grow\nostreecontainer --url=10.0.2.2:5000/veilor@sha256:{new string('b', 64)} --transport=registry\n");
        File.SetUnixFileMode(_realKickstart, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write("ks-masked.cfg", $"part / --fstype=xfs --encrypted --luks-version=luks2 --passphrase=******** --grow\nostreecontainer --url=10.0.2.2:5000/veilor@sha256:{new string('b', 64)} --transport=registry\n");
        Write("domain.xml", "<domain type='kvm'><name>veilorqa-install</name></domain>\n");
        Write("serial.txt", $"[00:00:41] Please enter passphrase for disk: {_secret}\n[00:00:42] Starting installer, one moment...\n");
        Write("anaconda.log", $"00:00:18,652 INFO program:Running... cryptsetup luksFormat --key-file - ({_secret})\n"
                              + "00:00:19,001 ERROR anaconda: The following error occurred while installing the payload. This is a fatal error and installation will be aborted.\n");
        File.WriteAllBytes(Path.Combine(_run, "OVMF_VARS.fd"), [1, 2, 3, 4, 0, 255]);
        File.WriteAllBytes(Path.Combine(_run, "tpm", "tpm2-00.permall"), [9, 8, 7]);
        File.WriteAllBytes(Path.Combine(_run, "disk.qcow2"), Encoding.ASCII.GetBytes("QFI\xfb fake disk"));
        File.WriteAllBytes(Path.Combine(_run, "screenshots", "end.png"), [0x89, 0x50, 0x4e, 0x47]);
    }

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task The_inputs_and_the_failure_survive_a_round_trip()
    {
        var outcome = FailedOutcome();

        var written = await ReproBundle.WriteAsync(outcome, _bundle, keepDisk: false);
        var read = await ReproBundle.ReadAsync(_bundle);

        read.Inputs.Should().BeEquivalentTo(outcome.Inputs, o => o.WithStrictOrdering());
        read.FailureKind.Should().Be(InstallFailureKind.Payload);
        read.Explanation.Should().Be(outcome.Failure!.Explanation);
        read.Evidence.Should().Equal(outcome.Failure.Evidence);
        read.Elapsed.Should().Be(outcome.Elapsed);
        read.Succeeded.Should().BeFalse();
        read.Repository.Should().NotBeNull().And.Subject.Should().Match(r => File.Exists(Path.Combine(r, "veilorqa")));
        written.Should().BeEquivalentTo(read);
        Directory.GetDirectories(Path.GetDirectoryName(_bundle)!).Should().Equal([_bundle], "the folder is assembled aside and renamed whole");
    }

    [Test]
    public async Task The_bundle_records_phases_with_durations_and_explains_the_failure_in_one_line()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_bundle, "bundle.json")))!;
        var phases = json["phases"]!.AsArray();
        phases.Select(p => (string?)p!["phase"]).Should().Equal("Kickstart", "Storage", "PayloadPull");
        phases.Select(p => (double?)p!["durationSeconds"]).Should().Equal(12.5, 30, null);
        ((string?)json["imageDigest"]).Should().Be("sha256:" + new string('b', 64));
        ((string?)json["inputs"]!["isoUrl"]).Should().Be("https://example.invalid/veilor.iso");
        var explanation = File.ReadAllLines(Path.Combine(_bundle, "explanation.txt"));
        explanation[0].Should().Be("Payload: payload: the image pull failed: manifest unknown (ostree container image deploy exited 1)");
        explanation.Should().Contain("  error: manifest unknown");
    }

    [Test]
    public async Task A_completed_install_is_explained_as_completed()
    {
        var outcome = FailedOutcome() with { Failure = null };

        var read = await ReproBundle.WriteAsync(outcome, _bundle, keepDisk: false);

        read.Succeeded.Should().BeTrue();
        File.ReadAllText(Path.Combine(_bundle, "explanation.txt")).Should().Be("install completed\n");
    }

    [Test]
    public async Task No_file_of_the_bundle_holds_the_secret()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: true);

        var secret = Encoding.UTF8.GetBytes(_secret);
        var files = Directory.GetFiles(_bundle, "*", SearchOption.AllDirectories);
        files.Should().HaveCountGreaterThan(10);
        files.Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(secret) >= 0).Should().BeEmpty();
        File.ReadAllText(Path.Combine(_bundle, "serial-console.txt")).Should().Contain("disk: " + Secret.Mask, "the transcript is masked, not dropped");
        File.ReadAllText(Path.Combine(_bundle, "anaconda.log")).Should().Contain("(" + Secret.Mask + ")").And.Contain("fatal error");
    }

    [Test]
    public async Task The_installers_0600_kickstart_is_not_copied()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        var real = File.ReadAllBytes(_realKickstart);
        Directory.GetFiles(_bundle, "*", SearchOption.AllDirectories)
            .Should().NotContain(f => Path.GetFileName(f) == "ks.cfg" || File.ReadAllBytes(f).SequenceEqual(real));
        File.ReadAllText(Path.Combine(_bundle, "kickstart-masked.ks")).Should().Contain("--passphrase=******** --grow");
    }

    [Test]
    public async Task A_real_kickstart_given_as_the_masked_one_is_masked_even_with_a_passphrase_no_one_registered()
    {
        var unregistered = Write("own.ks", "part / --encrypted --passphrase=nobody-registered-this --grow\nrootpw --plaintext hunter2\n");
        var outcome = FailedOutcome();
        outcome = outcome with { Artifacts = outcome.Artifacts with { KickstartMasked = unregistered } };

        await ReproBundle.WriteAsync(outcome, _bundle, keepDisk: false);

        var copy = File.ReadAllText(Path.Combine(_bundle, "kickstart-masked.ks"));
        copy.Should().NotContain("nobody-registered-this").And.NotContain("hunter2").And.Contain("--passphrase=********");
    }

    [Test]
    public async Task Without_keep_the_disk_is_not_in_the_bundle()
    {
        var read = await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        File.Exists(Path.Combine(_bundle, "disk.qcow2")).Should().BeFalse();
        read.Files.Disk.Should().BeNull();
        read.Files.DiskKept.Should().Be("not kept");
    }

    [Test]
    public async Task With_keep_the_disk_is_linked_or_copied_and_the_bundle_says_which()
    {
        var read = await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: true);

        read.Files.Disk.Should().Be(Path.Combine(_bundle, "disk.qcow2"));
        File.ReadAllBytes(read.Files.Disk!).Should().Equal(File.ReadAllBytes(Path.Combine(_run, "disk.qcow2")));
        read.Files.DiskKept.Should().Be("hard link", "the test's run folder and bundle share one file system");
    }

    [Test]
    public async Task Missing_optional_artifacts_are_recorded_as_absent()
    {
        var outcome = FailedOutcome();
        outcome = outcome with
        {
            Artifacts = outcome.Artifacts with { Nvram = null, TpmStateDirectory = null, AnacondaLog = Path.Combine(_run, "never-written.log"), Screenshots = [] },
        };

        var read = await ReproBundle.WriteAsync(outcome, _bundle, keepDisk: false);

        read.Files.Nvram.Should().BeNull();
        read.Files.TpmState.Should().BeNull();
        read.Files.AnacondaLog.Should().BeNull();
        read.Files.Screenshots.Should().BeEmpty();
        read.Files.SerialConsole.Should().Be(Path.Combine(_bundle, "serial-console.txt"));
        var files = JsonNode.Parse(File.ReadAllText(Path.Combine(_bundle, "bundle.json")))!["files"]!;
        ((string?)files["nvram"]!["status"]).Should().Be("absent");
        ((string?)files["tpm"]!["status"]).Should().Be("absent");
        ((string?)files["anacondaLog"]!["status"]).Should().Be("absent");
        ((string?)files["anacondaLog"]!["from"]).Should().Be(Path.Combine(_run, "never-written.log"));
        Directory.Exists(Path.Combine(_bundle, "tpm")).Should().BeFalse();
    }

    [Test]
    public async Task Present_artifacts_are_all_in_the_bundle()
    {
        var read = await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        File.ReadAllBytes(read.Files.Nvram!).Should().Equal(1, 2, 3, 4, 0, 255);
        File.ReadAllBytes(Path.Combine(read.Files.TpmState!, "tpm2-00.permall")).Should().Equal(9, 8, 7);
        read.Files.Screenshots.Should().Equal(Path.Combine(_bundle, "screenshots", "end.png"));
        File.ReadAllText(read.Files.DomainXml!).Should().Contain("veilorqa-install");
        File.ReadAllText(read.Files.Readme).Should().Contain("replay.sh").And.Contain("OVMF_VARS.fd").And.Contain("environment " + PassphraseVariable);
    }

    [Test]
    public async Task Replay_sh_is_executable_names_the_bundle_and_the_secrets_variable()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        var script = Path.Combine(_bundle, "replay.sh");
        File.GetUnixFileMode(script).Should().HaveFlag(UnixFileMode.UserExecute).And.HaveFlag(UnixFileMode.OtherExecute);
        var text = File.ReadAllText(script);
        text.Should().StartWith("#!/usr/bin/env bash\n").And.Contain("set -euo pipefail").And.Contain(_bundle)
            .And.Contain($"needs {PassphraseVariable} in the environment").And.Contain("./veilorqa repro --replay \"$bundle\"");
    }

    [Test]
    public async Task Replay_sh_runs_veilorqa_repro_replay_on_its_own_folder_in_the_repository()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);
        var repo = FakeRepository();
        // A bundle is handed around: the script replays the folder it lies in, not the one it was written to.
        var moved = Path.Combine(_root, "moved bundle");
        Directory.Move(_bundle, moved);

        var (exit, _, stderr) = await RunAsync(Path.Combine(moved, "replay.sh"), new() { ["VEILORQA_REPO"] = repo, [PassphraseVariable] = "anything" });

        exit.Should().Be(0, stderr);
        File.ReadAllLines(Path.Combine(repo, "args")).Should().Equal("repro", "--replay", moved);
        File.ReadAllText(Path.Combine(repo, "cwd")).Trim().Should().Be(repo);
    }

    [Test]
    public async Task Replay_sh_stops_before_the_harness_when_the_passphrase_variable_is_unset()
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);
        var repo = FakeRepository();

        var (exit, _, stderr) = await RunAsync(Path.Combine(_bundle, "replay.sh"), new() { ["VEILORQA_REPO"] = repo, [PassphraseVariable] = null });

        exit.Should().Be(2);
        stderr.Should().Contain($"needs {PassphraseVariable} in the environment").And.Contain($"{PassphraseVariable} is not set");
        File.Exists(Path.Combine(repo, "args")).Should().BeFalse();
    }

    [Test]
    public async Task A_folder_that_holds_something_is_not_overwritten()
    {
        Directory.CreateDirectory(_bundle);
        File.WriteAllText(Path.Combine(_bundle, "notes.txt"), "mine");

        var act = () => ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);

        (await act.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain(_bundle);
        Directory.GetFiles(_bundle).Should().Equal([Path.Combine(_bundle, "notes.txt")]);
    }

    [TestCase("inputs.isoSha256", null, "is missing")]
    [TestCase("inputs.isoSha256", "\"abc\"", "64 hex digits")]
    [TestCase("inputs.delivery", "\"Floppy\"", "'Floppy' is not one of Oemdrv, KernelHttp")]
    [TestCase("inputs.diskSizeGib", "\"big\"", "must be a whole number")]
    [TestCase("outcome.failureKind", "\"Gremlins\"", "is not one of")]
    [TestCase("files.disk", "7", "must be an object")]
    [TestCase("files.kickstart.name", "\"../../etc/passwd\"", "leads outside the bundle folder")]
    public async Task A_corrupt_bundle_json_names_the_file_and_the_field(string field, string? value, string problem)
    {
        await ReproBundle.WriteAsync(FailedOutcome(), _bundle, keepDisk: false);
        var file = Path.Combine(_bundle, "bundle.json");
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate((JsonNode)json, (node, name) => node[name]!).AsObject();
        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = JsonNode.Parse(value);
        }

        File.WriteAllText(file, json.ToJsonString());

        var act = () => ReproBundle.ReadAsync(_bundle);

        (await act.Should().ThrowAsync<ReproBundleException>()).Which.Message
            .Should().Contain(file).And.Contain(field).And.Contain(problem);
    }

    [Test]
    public async Task A_bundle_json_that_is_not_json_names_the_file_and_the_line()
    {
        Directory.CreateDirectory(_bundle);
        var file = Path.Combine(_bundle, "bundle.json");
        File.WriteAllText(file, "{\n  \"schemaVersion\": 1,\n  \"inputs\": {\n");

        var act = () => ReproBundle.ReadAsync(_bundle);

        (await act.Should().ThrowAsync<ReproBundleException>()).Which.Message.Should().Contain(file).And.Contain("not valid JSON at line");
    }

    [Test]
    public async Task A_folder_without_bundle_json_is_not_a_bundle()
    {
        Directory.CreateDirectory(_bundle);

        var act = () => ReproBundle.ReadAsync(_bundle);

        (await act.Should().ThrowAsync<ReproBundleException>()).Which.Message
            .Should().Contain(Path.Combine(_bundle, "bundle.json")).And.Contain("is not a repro bundle");
    }

    private InstallOutcome FailedOutcome()
    {
        var inputs = new InstallInputs(
            IsoPath: "/var/cache/veilorqa/iso/" + new string('a', 64) + ".iso",
            IsoSha256: new string('a', 64),
            IsoUrl: new Uri("https://example.invalid/veilor.iso"),
            KickstartSource: "template vms/kickstart/veilor.ks.in",
            ImageReference: "ghcr.io/veilor/veilor-os:stable",
            ImageDigest: "sha256:" + new string('b', 64),
            PassphraseSource: "environment " + PassphraseVariable,
            Delivery: KickstartDelivery.KernelHttp,
            InstallerArguments: ["inst.veilorqa.test", "inst.text"],
            DiskSizeGib: 24,
            MemoryMib: 4096,
            VCpus: 2,
            SecureBoot: false,
            Fault: "payload-missing-image");
        var artifacts = new InstallArtifacts(
            _run,
            Path.Combine(_run, "domain.xml"),
            Path.Combine(_run, "serial.txt"),
            Path.Combine(_run, "anaconda.log"),
            Path.Combine(_run, "OVMF_VARS.fd"),
            Path.Combine(_run, "tpm"),
            Path.Combine(_run, "disk.qcow2"),
            Path.Combine(_run, "ks-masked.cfg"),
            [Path.Combine(_run, "screenshots", "end.png")]);
        PhaseChange[] phases =
        [
            new(InstallPhase.Kickstart, Start, "Starting automated install"),
            new(InstallPhase.Storage, Start.AddSeconds(12.5), "Configuring storage"),
            new(InstallPhase.PayloadPull, Start.AddSeconds(42.5), $"Running... ostree container image deploy --image=x ({_secret})"),
        ];
        var failure = new InstallFailure(
            InstallFailureKind.Payload,
            "payload: the image pull failed: manifest unknown (ostree container image deploy exited 1)",
            ["The command 'ostree container image deploy' exited with the code 1:", "error: manifest unknown"]);
        return new InstallOutcome(inputs, artifacts, phases, failure, TimeSpan.FromSeconds(97.25), phases[0].At.AddSeconds(-30));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_run, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string FakeRepository()
    {
        var repo = Path.Combine(_root, "checkout");
        Directory.CreateDirectory(repo);
        var veilorqa = Path.Combine(repo, "veilorqa");
        File.WriteAllText(veilorqa, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > \"$PWD/args\"\npwd > \"$PWD/cwd\"\n");
        File.SetUnixFileMode(veilorqa, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return repo;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string script, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
