using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Deployments;
using VeilorQA.Harness.Guest.SecureBoot;

namespace VeilorQA.Harness.Tests.Images.Reference;

/// <summary>Boots the cached reference guest once through the harness (Secure Boot, swtpm, LUKS over serial, ostree root, 9p log share) and checks what it reports.</summary>
[TestFixture]
[Category("Integration")]
[NonParallelizable]
public sealed class ReferenceGuestBootTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly ReferenceGuestBoot boot = new("refboot", ReferenceGuestBoot.NoFaults);

    [OneTimeSetUp]
    public Task Boot_the_reference_guest_once() =>
        boot.BootAsync(line => TestContext.Progress.WriteLine(line));

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        await boot.DisposeAsync();

        boot.Leftovers.Should().BeEmpty("the domain, overlay, NVRAM copy, sockets, logs and swtpm state were removed");
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
        var journal = Path.Combine(boot.ShareDirectory, ReferenceGuestBoot.JournalFile);
        var waited = Stopwatch.StartNew();
        while (!(File.Exists(journal) && new FileInfo(journal).Length > 0) && waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        if (!File.Exists(journal))
        {
            var unit = await Shell.RunAsync("systemctl status --no-pager veilorqa-logs.service", CommandTimeout);
            Assert.Fail($"{journal} never appeared; share holds [{string.Join(", ", Directory.GetFileSystemEntries(boot.ShareDirectory).Select(Path.GetFileName))}]; unit:\n{unit.StandardOutput}");
        }

        var text = await File.ReadAllTextAsync(journal);
        text.Should().Contain("=== veilorqa-logs: boot ");
        text.Split('\n').Length.Should().BeGreaterThan(2, "journal lines follow the attach banner");
    }

    [Test]
    public void The_passphrase_never_appears_in_the_serial_transcripts()
    {
        var secret = boot.Passphrase.Reveal();

        File.Exists(boot.TranscriptPath).Should().BeTrue();
        File.ReadAllText(boot.TranscriptPath).Should().NotContain(secret).And.MatchRegex(ReferenceGuestBoot.PassphrasePrompt.ToString());
        File.ReadAllText(boot.SerialLogPath).Should().NotContain(secret, "libvirt's serial log holds only what the guest wrote");
    }

    private async Task<string> OutputOfAsync(string command) =>
        (await Shell.RunAsync(command, CommandTimeout)).EnsureSuccess().StandardOutput;

    private SshShell Shell => boot.Shell;
}
