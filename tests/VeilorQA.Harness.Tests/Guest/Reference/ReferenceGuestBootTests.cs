using System.Diagnostics;
using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Guest.Reference;

/// <summary>Boots the cached reference guest once through the harness (Secure Boot, swtpm, LUKS over serial, ostree root, 9p log share) and checks what it reports.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ReferenceGuestBootTests
{
    private const string LogsTag = "veilorqa-logs";

    // Written by /usr/libexec/veilorqa/logs-share (veilorqa-logs.service) into the share's root.
    private const string JournalFile = "journal.log";

    // systemd-cryptsetup's prompt ends without a newline: match inside the unfinished line.
    private static readonly Regex PassphrasePrompt = new("Please enter passphrase for disk", RegexOptions.CultureInvariant);
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan SshTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly RunId run = RunId.Current;
    private LibvirtConnection connection = null!;
    private MachineFiles files = null!;
    private VirtualMachine? vm;
    private SerialConsole? console;
    private SshShell? shell;
    private Secret passphrase = null!;
    private string shareDirectory = null!;
    private string transcriptPath = null!;

    [OneTimeSetUp]
    public async Task Boot_the_reference_guest_once()
    {
        var build = await ReferenceGuestImage.FromRepository()
            .EnsureBuiltAsync(force: false, passphraseFile: null, line => TestContext.Progress.WriteLine(line), CancellationToken.None);
        passphrase = build.ReadPassphrase();
        var choice = await AcceleratorProbe.ProbeAsync();
        TestContext.Progress.WriteLine($"reference guest {build.RecipeHash}: {build.Directory}; accelerator: {choice}");

        connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        files = MachineFiles.Create(run, "refboot");
        var overlay = await files.CreateOverlayAsync(build.Disk, DiskFormat.Qcow2);
        shareDirectory = files.CreateShareDirectory(LogsTag);
        transcriptPath = Path.Combine(files.Directory, "serial-console.transcript");
        var spec = files.SpecBuilder(secureBoot: true)
            .WithAccelerator(choice.Accelerator)
            .WithMemory(1024)
            .WithVCpus(2)
            .WithTpm()
            .WithDisk(overlay)
            .WithShare(shareDirectory, LogsTag)
            .WithUsbController()
            .WithSuspendToMem()
            .WithVideo(VideoModel.Bochs)
            .WithUserNetwork()
            .WithSystemInfo("manufacturer", "VeilorQA")
            .WithSystemInfo("product", "reference-guest")
            // An empty sku is refused by the spec; "veilorqa" alone is the documented no-fault word (FAULTS.md).
            .WithSystemInfo("sku", "veilorqa")
            .Build();
        vm = VirtualMachine.Create(connection, spec, files);

        console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(files.SerialSocketPath)) { TranscriptPath = transcriptPath });
        var clock = Stopwatch.StartNew();
        await vm.PowerOnAsync();
        await console.WaitForAsync(PassphrasePrompt, PromptTimeout);
        var toPrompt = clock.Elapsed;
        await console.WriteSecretLineAsync(passphrase);

        shell = new SshShell(new SshShellOptions("127.0.0.1", vm.SshPort!.Value, "root")
        {
            PrivateKeyFile = build.SshPrivateKey,
            TrustHostKeyOnFirstUse = true,
        });
        await shell.WaitUntilReachableAsync(SshTimeout);
        var toSsh = clock.Elapsed;
        TestContext.Progress.WriteLine(
            $"{choice.Accelerator}: boot to LUKS prompt {toPrompt.TotalSeconds:0.0} s, boot to SSH {toSsh.TotalSeconds:0.0} s (host key {shell.HostKey})");
    }

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        if (shell is not null)
        {
            await shell.DisposeAsync();
        }

        if (console is not null)
        {
            await console.DisposeAsync();
        }

        if (vm is not null)
        {
            await vm.DisposeAsync();
            connection.ListAll().Select(d => d.Name).Should().NotContain(vm.Name, "the domain was destroyed");
        }
        else if (files is not null)
        {
            await files.DisposeAsync();
        }

        if (files is not null)
        {
            Directory.Exists(files.Directory).Should().BeFalse("the overlay, NVRAM copy, sockets and logs were removed");
            Directory.Exists(files.TpmStateDirectory).Should().BeFalse("the swtpm state was removed");
        }

        connection?.Dispose();
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
        var journal = Path.Combine(shareDirectory, JournalFile);
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(journal) && new FileInfo(journal).Length > 0) && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        if (!File.Exists(journal))
        {
            var unit = await Shell.RunAsync("systemctl status --no-pager veilorqa-logs.service", CommandTimeout);
            Assert.Fail($"{journal} never appeared; share holds [{string.Join(", ", Directory.GetFileSystemEntries(shareDirectory).Select(Path.GetFileName))}]; unit:\n{unit.StandardOutput}");
        }

        var text = await File.ReadAllTextAsync(journal);
        text.Should().Contain("=== veilorqa-logs: boot ");
        text.Split('\n').Length.Should().BeGreaterThan(2, "journal lines follow the attach banner");
    }

    [Test]
    public void The_passphrase_never_appears_in_the_serial_transcripts()
    {
        var secret = passphrase.Reveal();

        File.Exists(transcriptPath).Should().BeTrue();
        File.ReadAllText(transcriptPath).Should().NotContain(secret).And.Contain(PassphrasePrompt.ToString());
        File.ReadAllText(files.SerialLogPath).Should().NotContain(secret, "libvirt's serial log holds only what the guest wrote");
    }

    private async Task<string> OutputOfAsync(string command) =>
        (await Shell.RunAsync(command, CommandTimeout)).EnsureSuccess().StandardOutput;

    private SshShell Shell => shell ?? throw new InvalidOperationException("The guest never became reachable over SSH.");
}
