using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines.TinyGuest;

namespace VeilorQA.Harness.Machines;

/// <summary>Decides between KVM and TCG by running a real guest under KVM, since /dev/kvm existing proves nothing.</summary>
/// <remarks>
/// On some hosts (nested or restricted virtualisation) /dev/kvm opens but every guest dies with a KVM
/// "emulation failure" (here even vCPU set-up fails with <c>-cpu host</c>). The probe first boots a
/// 512-byte boot sector under <c>-accel kvm -cpu host</c> that prints a marker on COM1 and leaves
/// through QEMU's isa-debug-exit port, then the tiny guest's Linux kernel, which must print its ready
/// marker; only both count as "KVM usable". The result is cached for the process.
/// </remarks>
public static class AcceleratorProbe
{
    /// <summary>What the boot sector prints on the serial port.</summary>
    public const string Marker = "VEILORQA-ACCEL-OK";

    private const byte ExitValue = 0x2a;

    // isa-debug-exit makes QEMU exit with (value << 1) | 1.
    private const int ExpectedExitCode = (ExitValue << 1) | 1;

    // A working KVM host boots the tiny guest in 1-3 s; TCG needs ~10 s, so this leaves room for a loaded host.
    private static readonly TimeSpan LinuxTimeout = TimeSpan.FromSeconds(60);

    private static readonly Lock Gate = new();
    private static Task<AcceleratorChoice>? Cached;

    /// <summary>Probes once per process (later calls return the first result).</summary>
    public static Task<AcceleratorChoice> ProbeAsync(CancellationToken cancellationToken = default)
    {
        lock (Gate)
        {
            if (Cached is null || Cached.IsCanceled)
            {
                Cached = ProbeUncachedAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }

            return Cached;
        }
    }

    /// <summary>Runs the probe now, without the cache.</summary>
    public static async Task<AcceleratorChoice> ProbeUncachedAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (!File.Exists("/dev/kvm"))
        {
            return new AcceleratorChoice(false, "/dev/kvm does not exist (no KVM module or not passed into this machine)");
        }

        try
        {
            using var kvm = File.Open("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AcceleratorChoice(false, $"/dev/kvm cannot be opened: {e.Message}");
        }

        var sector = await RunBootSectorAsync("kvm", "host", timeout, cancellationToken);
        if (!sector.Ran)
        {
            return new AcceleratorChoice(false, $"a test guest failed under KVM (-cpu host): {sector.Seen}");
        }

        // Real-mode code can run where protected/long mode does not: boot Linux too.
        TinyGuestImage guest;
        try
        {
            guest = await TinyGuest.TinyGuest.EnsureBuiltAsync(cancellationToken);
        }
        catch (Exception e) when (e is ExternalCommandException or InvalidOperationException or IOException or TimeoutException)
        {
            return new AcceleratorChoice(true, $"a boot sector ran under KVM; the Linux check was skipped (tiny guest unavailable: {e.Message})");
        }

        var linux = await RunLinuxAsync("kvm", "host", guest, LinuxTimeout, cancellationToken);
        return linux.Ran
            ? new AcceleratorChoice(true, $"a boot sector and Linux {guest.KernelVersion} ran under KVM (-cpu host)")
            : new AcceleratorChoice(false, $"a boot sector ran under KVM but Linux did not (-cpu host): {linux.Seen}");
    }

    /// <summary>Boots the tiny guest with <c>veilorqa.probe</c> (it prints its marker and powers off) under <paramref name="accel"/>.</summary>
    internal static async Task<(bool Ran, string Seen)> RunLinuxAsync(string accel, string cpu, TinyGuestImage guest, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ExternalCommand.Result result;
        try
        {
            result = await ExternalCommand.RunAsync("qemu-system-x86_64",
                [
                    "-accel", accel, "-cpu", cpu, "-machine", "q35", "-m", "256", "-nodefaults", "-no-user-config",
                    "-display", "none", "-monitor", "none", "-serial", "stdio", "-no-reboot",
                    "-kernel", guest.KernelPath, "-initrd", guest.InitrdPath, "-append", "console=ttyS0 panic=-1 veilorqa.probe",
                ],
                timeout, cancellationToken: cancellationToken);
        }
        catch (TimeoutException)
        {
            return (false, $"the kernel printed no {TinyGuestImage.ReadyMarker} within {timeout.TotalSeconds:0} s");
        }
        catch (ExternalCommandException e)
        {
            return (false, $"QEMU cannot be started: {e.Message}");
        }

        return result.StandardOutput.Contains(TinyGuestImage.ReadyMarker, StringComparison.Ordinal)
            ? (true, $"marker seen, exit code {result.ExitCode}")
            : (false, $"QEMU exit code {result.ExitCode}: {FirstLines(result.StandardError + "\n" + Tail(result.StandardOutput))}");
    }

    private static string Tail(string text) => text.Length <= 1000 ? text : text[^1000..];

    /// <summary>Boots <see cref="BootSector"/> under <paramref name="accel"/>; Ran is true when the marker and the exit code came back.</summary>
    internal static async Task<(bool Ran, string Seen)> RunBootSectorAsync(string accel, string cpu, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var image = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"accel-probe-{accel}-{Environment.ProcessId}.img"));
        await File.WriteAllBytesAsync(image, BootSector(), cancellationToken);
        try
        {
            ExternalCommand.Result result;
            try
            {
                // -cpu host is what a KVM domain gets (host-passthrough); on broken hosts it is also what fails.
                result = await ExternalCommand.RunAsync("qemu-system-x86_64",
                    [
                        "-accel", accel, "-cpu", cpu, "-machine", "pc", "-m", "16", "-nodefaults", "-no-user-config",
                        "-display", "none", "-monitor", "none", "-serial", "stdio",
                        "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                        "-drive", $"file={image},format=raw,if=ide,index=0", "-boot", "c",
                    ],
                    timeout, cancellationToken: cancellationToken);
            }
            catch (TimeoutException)
            {
                return (false, $"no marker within {timeout.TotalSeconds:0} s (the guest hangs instead of running)");
            }
            catch (ExternalCommandException e)
            {
                return (false, $"QEMU cannot be started: {e.Message}");
            }

            return result.StandardOutput.Contains(Marker, StringComparison.Ordinal) && result.ExitCode == ExpectedExitCode
                ? (true, $"marker seen, exit code {result.ExitCode}")
                : (false, $"QEMU exit code {result.ExitCode}: {FirstLines(result.StandardError + "\n" + result.StandardOutput)}");
        }
        finally
        {
            File.Delete(image);
        }
    }

    /// <summary>A real-mode boot sector: write <see cref="Marker"/> to COM1, then leave through isa-debug-exit.</summary>
    internal static byte[] BootSector()
    {
        const int origin = 0x7c00;
        byte[] code =
        [
            0xFA,                   // cli
            0xFC,                   // cld
            0x31, 0xC0,             // xor ax, ax
            0x8E, 0xD8,             // mov ds, ax
            0xBE, 0x00, 0x00,       // mov si, message (patched below)
            0xBA, 0xF8, 0x03,       // mov dx, 0x3f8
            0xAC,                   // next: lodsb
            0x84, 0xC0,             //   test al, al
            0x74, 0x03,             //   jz done
            0xEE,                   //   out dx, al
            0xEB, 0xF8,             //   jmp next
            0xB0, ExitValue,        // done: mov al, ExitValue
            0xE6, 0xF4,             //   out 0xf4, al
            0xF4,                   //   hlt
            0xEB, 0xF9,             //   jmp done
        ];
        var message = System.Text.Encoding.ASCII.GetBytes(Marker + "\r\n\0");
        var sector = new byte[512];
        code.CopyTo(sector, 0);
        message.CopyTo(sector, code.Length);
        var address = origin + code.Length;
        sector[7] = (byte)(address & 0xff);
        sector[8] = (byte)(address >> 8);
        sector[510] = 0x55;
        sector[511] = 0xAA;
        return sector;
    }

    private static string FirstLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var joined = string.Join(" | ", lines.Take(3));
        return joined.Length == 0 ? "no output" : joined.Length > 400 ? joined[..400] + "..." : joined;
    }
}
