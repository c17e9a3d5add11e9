using System.Text.RegularExpressions;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Install.Kickstart;

/// <summary>What the harness fills into veilor's kickstart template for one install.</summary>
/// <param name="Registry">HOST:PORT as the guest reaches the registry (10.0.2.2:PORT through user-mode networking).</param>
/// <param name="Image">The candidate, pinned by digest.</param>
/// <param name="Passphrase">The LUKS2 passphrase of <c>/</c>.</param>
/// <param name="SshPublicKey">The harness's public key (one OpenSSH line), for root and the veilorqa user.</param>
/// <param name="Disk">The target disk's kernel name (<c>vda</c>, <c>sda</c>, <c>nvme0n1</c>).</param>
/// <param name="EndAction">Reboot or power off after the install.</param>
public sealed partial record KickstartParameters(string Registry, PinnedImageReference Image, Secret Passphrase, string SshPublicKey, string Disk, EndAction EndAction)
{
    /// <summary>The first problem with these values, naming the field; null when they are fine.</summary>
    public string? Problem()
    {
        if (!RegistryAddress().IsMatch(Registry) || !int.TryParse(Registry[(Registry.LastIndexOf(':') + 1)..], out var port) || port is < 1 or > 65535)
        {
            return $"registry '{Registry}' is not HOST:PORT (e.g. 10.0.2.2:5000)";
        }

        if (!DiskName().IsMatch(Disk))
        {
            return $"disk '{Disk}' is not a kernel disk name such as vda, sda or nvme0n1";
        }

        var pass = Passphrase.Reveal();
        if (pass.Any(char.IsControl))
        {
            // The kickstart is line-based: a newline would end the part line and leak the rest as a command.
            return "passphrase contains a control character (newline, tab …): a kickstart line cannot hold it";
        }

        if (!SshKey().IsMatch(SshPublicKey))
        {
            return "SSH public key is not one OpenSSH public key line (TYPE BASE64 [COMMENT])";
        }

        if (EndAction is not (EndAction.Reboot or EndAction.Poweroff))
        {
            return $"end action {EndAction}: the harness waits for a reboot or a power-off";
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[0-9]{1,5}$")]
    private static partial Regex RegistryAddress();

    [GeneratedRegex("^[a-z][a-z0-9]{1,15}$")]
    private static partial Regex DiskName();

    [GeneratedRegex(@"^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\x00-\x1f""\\]*)?$")]
    private static partial Regex SshKey();
}
