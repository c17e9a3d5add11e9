using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Guest.Luks;

/// <summary>
/// Binds the root volume to the TPM the way veilor documents it (<c>systemd-cryptenroll --tpm2-device=auto
/// --tpm2-pcrs=…</c>) and removes that binding again (<c>--wipe-slot=tpm2</c>). The passphrase that authorises it reaches
/// the guest as a file in <c>/run</c> (mode 0600, deleted at once) read into <c>$PASSWORD</c>: it never appears on a
/// command line, in a transcript or in an error.
/// </summary>
public sealed class TpmEnrolment(IShell shell)
{
    /// <summary>The LUKS device under the root file system (ostree: the one under /sysroot).</summary>
    public const string RootLuksDevice =
        "src=$(findmnt -n -v -o SOURCE /sysroot 2>/dev/null || findmnt -n -v -o SOURCE /); "
        + "lsblk -s -n -p -r -o PATH,FSTYPE \"$src\" | awk '$2==\"crypto_LUKS\"{print $1; exit}'";

    private static readonly TimeSpan EnrolTimeout = TimeSpan.FromMinutes(3);

    public static string Enrol(string device, string pcrs, string keyFile) =>
        $"PASSWORD=\"$(cat {ProbeShell.Quote(keyFile)})\" systemd-cryptenroll --tpm2-device=auto --tpm2-pcrs={ProbeShell.Quote(pcrs)} {ProbeShell.Quote(device)}";

    public static string Wipe(string device, string keyFile) =>
        $"PASSWORD=\"$(cat {ProbeShell.Quote(keyFile)})\" systemd-cryptenroll --wipe-slot=tpm2 {ProbeShell.Quote(device)}";

    /// <summary>The root file system's LUKS device, e.g. <c>/dev/vda3</c>.</summary>
    /// <exception cref="GuestOutputException">The root is not on a LUKS volume.</exception>
    public async Task<string> RootDeviceAsync(CancellationToken cancellationToken = default)
    {
        var device = (await shell.OutputOfAsync(RootLuksDevice, cancellationToken)).Trim();
        return device.Length > 0 ? device : throw new GuestOutputException(RootLuksDevice, "the root file system is not on a LUKS volume", device);
    }

    /// <summary>Enrols the TPM for <paramref name="device"/> with PCR policy <paramref name="pcrs"/> (e.g. <c>7+14</c>).</summary>
    public Task<ShellResult> EnrolAsync(string device, string pcrs, Secret passphrase, CancellationToken cancellationToken = default) =>
        WithKeyFileAsync(passphrase, file => shell.RunAsync(Enrol(device, pcrs, file), EnrolTimeout, cancellationToken), cancellationToken);

    /// <summary>Removes every TPM2 keyslot (and its token) of <paramref name="device"/>.</summary>
    public Task<ShellResult> WipeAsync(string device, Secret passphrase, CancellationToken cancellationToken = default) =>
        WithKeyFileAsync(passphrase, file => shell.RunAsync(Wipe(device, file), EnrolTimeout, cancellationToken), cancellationToken);

    private async Task<ShellResult> WithKeyFileAsync(Secret passphrase, Func<string, Task<ShellResult>> run, CancellationToken cancellationToken)
    {
        // Named by the run (veilorqa-<run id>-…) so that the reaper removes it after a run killed before the finally below.
        var local = Path.Combine(Path.GetTempPath(), RunId.Current.Name($"tpm-{Guid.NewGuid():N}.key"));
        var remote = $"/run/veilorqa-{Guid.NewGuid():N}.key";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            await using (var writer = new StreamWriter(new FileStream(local, options)))
            {
                await writer.WriteAsync(passphrase.Reveal());
            }

            await shell.RunAsync($"umask 077; : > {remote}", ProbeShell.DefaultTimeout, cancellationToken);
            await shell.UploadAsync(local, remote, cancellationToken);
            return await run(remote);
        }
        finally
        {
            File.Delete(local);
            await shell.RunAsync($"rm -f {remote}", ProbeShell.DefaultTimeout, CancellationToken.None);
        }
    }
}
