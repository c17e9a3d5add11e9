using System.Diagnostics;
using System.Xml.Linq;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Guest.SecureBoot;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Vm;
using VeilorQA.Harness.Tests.Matrix;

namespace VeilorQA.Harness.Tests.Images.Reference;

/// <summary>Boots the cached reference guest once through the harness's own target (<see cref="ReferenceVmTarget"/> with
/// the matrix's <c>refvm</c> profile: Secure Boot, swtpm, LUKS over serial, ostree root, 9p log share), checks what it
/// reports, and that disposing it leaves nothing behind.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ReferenceGuestBootTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private ReferenceVmTarget? _target;

    [OneTimeSetUp]
    public async Task Boot_the_reference_guest_once()
    {
        var matrix = TestMatrixLoader.Load(MatrixSamples.RealMatrix);
        var profile = matrix.Targets.OfType<VmProfile>().Single(t => t.Name == "refvm");
        _target = await ReferenceVmTarget.CreateAsync(profile, ReferenceGuestImage.FromRepository(), [], "refboot", line => TestContext.Progress.WriteLine(line), CancellationToken.None);
        await _target.EnsureReadyAsync();
    }

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        if (_target is null)
        {
            return;
        }

        var name = _target.Machine.Name;
        var directory = _target.Machine.Directory;
        var uuid = Guid.Parse(XDocument.Parse(_target.Machine.Xml).Root!.Element("uuid")!.Value);
        await _target.DisposeAsync();

        using var connection = LibvirtConnection.Open();
        var leftovers = new[]
        {
            connection.ListAll().Any(d => d.Name == name) ? $"domain {name}" : null,
            Directory.Exists(directory) ? $"machine directory {directory}" : null,
            Directory.Exists(TpmSpec.StateDirectory(uuid)) ? $"swtpm state {TpmSpec.StateDirectory(uuid)}" : null,
        }.OfType<string>();
        leftovers.Should().BeEmpty("the domain, overlay, NVRAM copy, sockets, logs and swtpm state were removed");
    }

    [Test]
    public async Task The_guest_reports_Secure_Boot_enabled()
    {
        var state = await new SecureBootProbe(Shell).ReadAsync();

        state.IsEfi.Should().BeTrue();
        state.Enabled.Should().BeTrue($"the SecureBoot EFI variable says so ({state})");
    }

    [Test]
    public async Task The_guest_has_a_TPM_device_at_dev_tpm0()
    {
        var output = await OutputOfAsync("test -c /dev/tpm0 && echo present || echo missing");

        output.Trim().Should().Be("present");
    }

    [Test]
    public async Task The_kernel_command_line_names_an_ostree_deployment()
    {
        var cmdline = await OutputOfAsync("cat /proc/cmdline");

        cmdline.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Should().Contain(arg => arg.StartsWith("ostree=", StringComparison.Ordinal));
    }

    [Test]
    public async Task Ostree_admin_status_shows_a_booted_deployment()
    {
        var status = await new DeploymentProbe(Shell).ReadOstreeAsync();

        status.Booted.Should().NotBeNull($"one deployment is marked booted in: {string.Join("; ", status.Deployments)}");
    }

    [Test]
    public async Task Usr_is_mounted_read_only()
    {
        var options = await OutputOfAsync("findmnt -no OPTIONS /usr");
        var write = await Shell.RunAsync("touch /usr/.veilorqa-write-probe", CommandTimeout);

        options.Trim().Split(',').Should().Contain("ro");
        write.ExitCode.Should().NotBe(0, "a write to /usr must fail ({0})", write.StandardError.Trim());
    }

    [Test]
    public async Task The_journal_reaches_the_host_through_the_9p_share()
    {
        var share = Target.Get<ILogShare>()!.HostDirectory;
        var journal = Path.Combine(share, ReferenceVmTarget.JournalFile);
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(journal) && new FileInfo(journal).Length > 0) && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        if (!File.Exists(journal))
        {
            var unit = await Shell.RunAsync("systemctl status --no-pager veilorqa-logs.service", CommandTimeout);
            Assert.Fail($"{journal} never appeared; share holds [{string.Join(", ", Directory.GetFileSystemEntries(share).Select(Path.GetFileName))}]; unit:\n{unit.StandardOutput}");
        }

        var text = await File.ReadAllTextAsync(journal);
        text.Should().Contain("=== veilorqa-logs: boot ");
        text.Split('\n').Length.Should().BeGreaterThan(2, "journal lines follow the attach banner");
    }

    [Test]
    public void The_passphrase_never_appears_in_the_serial_transcripts()
    {
        var secret = Target.LuksPassphrase!.Reveal();

        File.Exists(Target.TranscriptPath).Should().BeTrue();
        File.ReadAllText(Target.TranscriptPath).Should().NotContain(secret).And.MatchRegex(LuksBootMarkers.Prompt.ToString());
        File.ReadAllText(Target.Machine.SerialLogPath!).Should().NotContain(secret, "libvirt's serial log holds only what the guest wrote");
    }

    private async Task<string> OutputOfAsync(string command) =>
        (await Shell.RunAsync(command, CommandTimeout)).EnsureSuccess().StandardOutput;

    private ReferenceVmTarget Target => _target ?? throw new InvalidOperationException("the reference guest was not created");

    private IShell Shell => Target.Shell;
}
