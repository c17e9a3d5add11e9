using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Machines;

/// <summary>Decides between KVM and TCG by running a real guest under KVM, since /dev/kvm existing proves nothing.</summary>
/// <remarks>
/// On some hosts (nested or restricted virtualisation) /dev/kvm opens but every guest dies with a KVM
/// "emulation failure". The probe boots a 512-byte boot sector under <c>-accel kvm</c> that prints a
/// marker on COM1 and leaves through QEMU's isa-debug-exit port; only that marker plus the expected
/// exit code counts as "KVM usable". The result is cached for the process.
/// </remarks>
public static class AcceleratorProbe
{
    /// <summary>What the boot sector prints on the serial port.</summary>
    public const string Marker = "VEILORQA-ACCEL-OK";

    private const byte ExitValue = 0x2a;

    // isa-debug-exit makes QEMU exit with (value << 1) | 1.
    private const int ExpectedExitCode = (ExitValue << 1) | 1;

    private static readonly Lock Gate = new();
    private static Task<AcceleratorChoice>? cached;

    /// <summary>Probes once per process (later calls return the first result).</summary>
    public static Task<AcceleratorChoice> ProbeAsync(CancellationToken cancellationToken = default)
    {
        lock (Gate)
        {
            if (cached is null || cached.IsCanceled)
            {
                cached = ProbeUncachedAsync(TimeSpan.FromSeconds(20), cancellationToken);
            }

            return cached;
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

        var run = await RunBootSectorAsync("kvm", "host", timeout, cancellationToken);
        return run.Ran
            ? new AcceleratorChoice(true, "a test guest ran under KVM (-cpu host)")
            : new AcceleratorChoice(false, $"a test guest failed under KVM (-cpu host): {run.Seen}");
    }

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
