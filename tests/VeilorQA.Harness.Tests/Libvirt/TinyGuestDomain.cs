using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Tests.Libvirt;

/// <summary>Stand-in until DomainSpec and the tiny boot guest land: q35, Secure Boot OVMF, swtpm, 9p, xHCI, S3, SSH forward.</summary>
internal static class TinyGuestDomain
{
    private const string Assets = "/tmp/veilorqa-lvexp";

    internal static string ShareDirectory(string vmDirectory) => Path.Combine(vmDirectory, "share");

    internal static async Task<string> PrepareAsync(string name, string directory, int sshPort)
    {
        Directory.CreateDirectory(ShareDirectory(directory));
        // QEMU runs as libvirt-qemu and writes the share in mapped mode.
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(ShareDirectory(directory), (UnixFileMode)0x1FF);
        }
        await ExternalCommand.RunCheckedAsync("qemu-img", ["create", "-q", "-f", "qcow2", Path.Combine(directory, "root.qcow2"), "64M"], TimeSpan.FromSeconds(30));
        return $"""
            <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
              <name>{name}</name>
              <memory unit='MiB'>512</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='q35'>hvm</type>
                <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.secboot.fd</loader>
                <nvram template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'>{directory}/VARS.fd</nvram>
                <kernel>{Assets}/vmlinuz</kernel>
                <initrd>{Assets}/initrd.img</initrd>
                <cmdline>console=ttyS0 quiet</cmdline>
              </os>
              <features><acpi/><smm state='on'/></features>
              <cpu mode='custom' match='exact'><model>qemu64</model></cpu>
              <pm><suspend-to-mem enabled='yes'/></pm>
              <devices>
                <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='{directory}/root.qcow2'/><target dev='vda' bus='virtio'/></disk>
                <filesystem type='mount' accessmode='mapped'><source dir='{directory}/share'/><target dir='share'/></filesystem>
                <controller type='usb' model='qemu-xhci'/>
                <serial type='unix'><source mode='bind' path='{directory}/serial.sock'/><log file='{directory}/serial.log'/><target port='0'/></serial>
                <tpm model='tpm-crb'><backend type='emulator' version='2.0' persistent_state='yes'/></tpm>
                <video><model type='bochs'/></video>
                <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>
                <memballoon model='none'/>
              </devices>
              <qemu:commandline>
                <qemu:arg value='-netdev'/><qemu:arg value='user,id=vqnet0,hostfwd=tcp:127.0.0.1:{sshPort}-:22'/>
                <qemu:arg value='-device'/><qemu:arg value='virtio-net-pci,netdev=vqnet0,bus=pcie.0,addr=0x1f.0x7'/>
              </qemu:commandline>
            </domain>
            """;
    }
}
