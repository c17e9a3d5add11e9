using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Machines.TinyGuest;

namespace VeilorQA.Harness.Tests.Machines.TinyGuest;

/// <summary>Boots the tiny guest once from DomainSpec XML through the virsh CLI (UEFI Secure Boot, swtpm, 9p, SSH forward) and checks what it reports.</summary>
[Category("Integration")]
[NonParallelizable]
public class TinyGuestBootTests
{
    private const string Virsh = "virsh";
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private MachineFiles _files = null!;
    private DomainSpec _spec = null!;
    private TinyGuestImage _image = null!;
    private string _shareDirectory = null!;
    private bool _defined;

    [OneTimeSetUp]
    public async Task Boot_the_tiny_guest_once()
    {
        var choice = await AcceleratorProbe.ProbeAsync();
        TestContext.Progress.WriteLine($"accelerator: {choice}");
        var build = Stopwatch.StartNew();
        _image = await TinyGuestBuilder();
        TestContext.Progress.WriteLine($"tiny guest ready in {build.Elapsed.TotalSeconds:0.0} s: {_image.Directory}");

        _files = MachineFiles.Create(RunId.Current, "tinyboot");
        RunOwner.Claim(RunId.Current);
        _shareDirectory = _files.CreateShareDirectory(TinyGuestImage.LogsTag);
        _spec = _files.SpecBuilder(secureBoot: true)
            .WithAccelerator(choice.Accelerator)
            .WithMemory(512)
            .WithVCpus(1)
            .WithKernelBoot(_image.KernelPath, _image.InitrdPath, TinyGuestImage.KernelCommandLine())
            .WithShare(_shareDirectory, TinyGuestImage.LogsTag)
            .WithUserNetwork()
            .WithVideo(VideoModel.Bochs)
            .WithOemString("veilorqa:fault=none")
            .WithSystemInfo("sku", "veilorqa-tiny-sku")
            .Build();
        var xmlPath = Path.Combine(_files.Directory, "domain.xml");
        await File.WriteAllTextAsync(xmlPath, DomainXmlWriter.Write(_spec));

        await VirshAsync("define", xmlPath);
        _defined = true;
        var boot = Stopwatch.StartNew();
        await VirshAsync("start", _spec.Name);
        await WaitForSerialAsync(TinyGuestImage.ReadyMarker, BootTimeout);
        var toMarker = boot.Elapsed;
        await WaitForSshAsync(BootTimeout);
        var toSsh = boot.Elapsed;
        TestContext.Progress.WriteLine($"{choice.Accelerator}: boot to {TinyGuestImage.ReadyMarker} {toMarker.TotalSeconds:0.0} s, boot to SSH {toSsh.TotalSeconds:0.0} s");
    }

    [OneTimeTearDown]
    public async Task Remove_the_domain_and_its_files()
    {
        if (_defined)
        {
            await ExternalCommand.RunAsync(Virsh, ["-c", "qemu:///system", "destroy", _spec.Name], TimeSpan.FromSeconds(60));
            await ExternalCommand.RunAsync(Virsh, ["-c", "qemu:///system", "undefine", "--nvram", "--tpm", _spec.Name], TimeSpan.FromSeconds(60));
        }

        if (_files is not null)
        {
            await _files.DisposeAsync();
            Directory.Exists(_files.Directory).Should().BeFalse();
            Directory.Exists(_files.TpmStateDirectory).Should().BeFalse();
        }

        if (_defined)
        {
            var names = await ExternalCommand.RunCheckedAsync(Virsh, ["-c", "qemu:///system", "list", "--all", "--name"], TimeSpan.FromSeconds(30));
            names.Should().NotContain(_spec.Name);
            File.Exists($"/var/log/libvirt/qemu/{_spec.Name}.log").Should().BeFalse();
        }

        RunOwner.Release(RunId.Current.Value);
    }

    [Test]
    public void The_guest_kernel_reports_Secure_Boot_enabled()
    {
        var log = SerialLog();
        log.Should().Contain("VEILORQA-SECUREBOOT=enabled");
        log.Should().Contain("Secure boot enabled");
    }

    [Test]
    public async Task The_guest_has_a_TPM_2_device()
    {
        SerialLog().Should().Contain("VEILORQA-TPM=/dev/tpm0");
        (await SshAsync("cat /sys/class/tpm/tpm0/tpm_version_major")).Trim().Should().Be("2");
    }

    [Test]
    public void The_TPM_state_is_kept_under_the_VM_UUID()
    {
        Directory.GetFiles(_files.TpmStateDirectory, "tpm2-00.permall", SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Test]
    public async Task A_file_the_guest_writes_to_the_9p_share_appears_on_the_host()
    {
        var token = Guid.NewGuid().ToString("N");
        await SshAsync($"echo {token} > {TinyGuestImage.LogsMountPoint}/from-guest.txt && sync");
        (await File.ReadAllTextAsync(Path.Combine(_shareDirectory, "from-guest.txt"))).Trim().Should().Be(token);
    }

    [Test]
    public async Task A_command_typed_on_the_serial_socket_runs_and_its_output_reaches_the_log()
    {
        var token = Guid.NewGuid().ToString("N")[..12];
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_files.SerialSocketPath));
            await socket.SendAsync(Encoding.ASCII.GetBytes($"\necho SERIAL-$((6*7))-{token}\n"));
            await WaitForSerialAsync($"SERIAL-42-{token}", TimeSpan.FromSeconds(30));
        }

        SerialLog().Should().Contain($"SERIAL-42-{token}");
    }

    [Test]
    public async Task The_guest_reads_the_SMBIOS_OEM_string_and_sku()
    {
        (await SshAsync("cat /sys/class/dmi/id/product_sku")).Trim().Should().Be("veilorqa-tiny-sku");
        (await SshAsync("cat /sys/firmware/dmi/entries/11-*/raw | strings")).Should().Contain("veilorqa:fault=none");
    }

    private static Task<TinyGuestImage> TinyGuestBuilder() => VeilorQA.Harness.Machines.TinyGuest.TinyGuest.EnsureBuiltAsync();

    private string SerialLog() => File.Exists(_files.SerialLogPath) ? File.ReadAllText(_files.SerialLogPath) : string.Empty;

    private async Task WaitForSerialAsync(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!SerialLog().Contains(text, StringComparison.Ordinal))
        {
            if (deadline.Elapsed > timeout)
            {
                throw new VeilorQA.Harness.Capabilities.WaitTimeoutException($"'{text}' on the serial log", timeout, Tail(SerialLog()));
            }

            await Task.Delay(250);
        }
    }

    private async Task WaitForSshAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var last = string.Empty;
        while (deadline.Elapsed < timeout)
        {
            var result = await ExternalCommand.RunAsync("ssh", SshArguments("true"), TimeSpan.FromSeconds(30));
            if (result.ExitCode == 0)
            {
                return;
            }

            last = result.StandardError;
            await Task.Delay(500);
        }

        throw new VeilorQA.Harness.Capabilities.WaitTimeoutException($"SSH on 127.0.0.1:{_spec.SshHostPort}", timeout, last + "\n" + Tail(SerialLog()));
    }

    private Task<string> SshAsync(string command) =>
        ExternalCommand.RunCheckedAsync("ssh", SshArguments(command), TimeSpan.FromSeconds(60));

    private List<string> SshArguments(string command) =>
    [
        "-i", _image.SshPrivateKeyPath, "-p", _spec.SshHostPort!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR",
        $"{TinyGuestImage.SshUser}@127.0.0.1", command,
    ];

    private static Task VirshAsync(params string[] arguments) =>
        ExternalCommand.RunCheckedAsync(Virsh, ["-c", "qemu:///system", .. arguments], TimeSpan.FromSeconds(120));

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}
