using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Machines;

namespace VeilorQA.Harness.Tests.Machines;

[TestFixture]
public sealed class VirtualMachineXmlTests
{
    private const string Saved = """
        <domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
          <name>veilorqa-r1-gold</name>
          <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
          <os firmware='efi'>
            <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.secboot.fd</loader>
            <nvram>/var/lib/veilorqa/veilorqa-r1/gold/VARS.fd</nvram>
          </os>
          <devices>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='/var/lib/veilorqa/veilorqa-r1/gold/root.qcow2'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <disk type='file' device='cdrom'>
              <source file='/var/cache/veilorqa/installer.iso'/>
              <target dev='sda' bus='sata'/>
              <readonly/>
            </disk>
            <serial type='unix'>
              <source mode='bind' path='/var/lib/veilorqa/veilorqa-r1/gold/serial.sock'/>
              <log file='/var/lib/veilorqa/veilorqa-r1/gold/serial.log'/>
              <target port='0'/>
            </serial>
          </devices>
          <qemu:commandline>
            <qemu:arg value='-netdev'/>
            <qemu:arg value='user,id=net0,hostfwd=tcp:127.0.0.1:40022-:22'/>
          </qemu:commandline>
        </domain>
        """;

    [Test]
    public void The_vm_facts_are_read_from_the_xml()
    {
        VirtualMachineXml.Name(Saved).Should().Be("veilorqa-r1-gold");
        VirtualMachineXml.SshPort(Saved).Should().Be(40022);
        VirtualMachineXml.SerialSocket(Saved).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold/serial.sock");
        VirtualMachineXml.SerialLog(Saved).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold/serial.log");
        VirtualMachineXml.Nvram(Saved).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold/VARS.fd");
        VirtualMachineXml.WritableDisks(Saved).Should().Equal(("/var/lib/veilorqa/veilorqa-r1/gold/root.qcow2", "qcow2"));
        VirtualMachineXml.DiskTargets(Saved).Should().BeEquivalentTo("vda", "sda");
        VirtualMachineXml.HostEndpoints(Saved).Should().BeEquivalentTo(
            "/var/lib/veilorqa/veilorqa-r1/gold/serial.sock", "/var/lib/veilorqa/veilorqa-r1/gold/serial.log");
    }

    [Test]
    public void A_copy_gets_its_own_name_uuid_paths_and_port()
    {
        var copy = VirtualMachineXml.ForCopy(Saved, "veilorqa-r1-gold-c1", Guid.Parse("00000000-0000-0000-0000-0000000000c1"), "/var/lib/veilorqa/veilorqa-r1/gold", "/var/lib/veilorqa/veilorqa-r1/gold-c1", 41000);

        VirtualMachineXml.Name(copy).Should().Be("veilorqa-r1-gold-c1");
        copy.Should().Contain("<uuid>00000000-0000-0000-0000-0000000000c1</uuid>").And.NotContain("6695eb01");
        VirtualMachineXml.SshPort(copy).Should().Be(41000);
        VirtualMachineXml.Nvram(copy).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold-c1/VARS.fd");
        VirtualMachineXml.WritableDisks(copy).Single().Path.Should().Be("/var/lib/veilorqa/veilorqa-r1/gold-c1/root.qcow2");
        VirtualMachineXml.SerialSocket(copy).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold-c1/serial.sock");
        VirtualMachineXml.SerialLog(copy).Should().Be("/var/lib/veilorqa/veilorqa-r1/gold-c1/serial.log");
        copy.Should().Contain("/var/cache/veilorqa/installer.iso", "paths outside the VM's folder are shared read-only")
            .And.Contain("/usr/share/OVMF/OVMF_CODE_4M.secboot.fd");
    }

    [Test]
    public void A_sibling_folder_with_the_same_prefix_is_not_rebased()
    {
        var xml = Saved.Replace("/var/cache/veilorqa/installer.iso", "/var/lib/veilorqa/veilorqa-r1/gold2/other.iso", StringComparison.Ordinal);

        var copy = VirtualMachineXml.ForCopy(xml, "c", Guid.NewGuid(), "/var/lib/veilorqa/veilorqa-r1/gold", "/x", null);

        copy.Should().Contain("/var/lib/veilorqa/veilorqa-r1/gold2/other.iso");
        VirtualMachineXml.SshPort(copy).Should().Be(40022, "no new port was asked for");
    }
}
