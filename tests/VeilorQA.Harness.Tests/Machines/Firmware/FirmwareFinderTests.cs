using System.Runtime.CompilerServices;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Machines.Firmware;

namespace VeilorQA.Harness.Tests.Machines.Firmware;

/// <summary>The firmware finder over the descriptor files of Debian 12 (captured) and Fedora 43 (see Samples/README.md).</summary>
public class FirmwareFinderTests
{
    private static readonly string[] DebianFiles =
    [
        "/usr/share/OVMF/OVMF_CODE_4M.ms.fd", "/usr/share/OVMF/OVMF_VARS_4M.ms.fd", "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd",
        "/usr/share/OVMF/OVMF_VARS_4M.fd", "/usr/share/OVMF/OVMF_CODE_4M.fd",
    ];

    private static readonly string[] FedoraFiles =
    [
        "/usr/share/edk2/ovmf/OVMF_CODE_4M.secboot.qcow2", "/usr/share/edk2/ovmf/OVMF_VARS_4M.secboot.qcow2", "/usr/share/edk2/ovmf/OVMF_VARS_4M.qcow2",
        "/usr/share/edk2/ovmf/OVMF_CODE_4M.qcow2", "/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd", "/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd",
        "/usr/share/edk2/ovmf/OVMF_CODE.fd", "/usr/share/edk2/ovmf/OVMF_VARS.fd", "/usr/share/edk2/ovmf/MICROVM.fd",
        "/usr/share/edk2/ovmf/OVMF.amdsev.fd", "/usr/share/edk2/ovmf/OVMF.inteltdx.fd",
    ];

    [Test]
    public void On_Debian_12_Secure_Boot_finds_the_Microsoft_keys_build_and_its_vars_template()
    {
        var spec = Finder("debian-12", DebianFiles).Spec(secureBoot: true, "/run/vm/VARS.fd");

        spec.CodePath.Should().Be("/usr/share/OVMF/OVMF_CODE_4M.ms.fd");
        spec.VarsTemplatePath.Should().Be("/usr/share/OVMF/OVMF_VARS_4M.ms.fd");
        spec.Format.Should().Be("raw");
        spec.Descriptor.Should().EndWith("40-edk2-x86_64-secure-enrolled.json");
        spec.NvramPath.Should().Be("/run/vm/VARS.fd");
    }

    [Test]
    public void On_Debian_12_without_Secure_Boot_finds_the_plain_build()
    {
        var found = Finder("debian-12", DebianFiles).Find(secureBoot: false);

        found.Executable!.Path.Should().Be("/usr/share/OVMF/OVMF_CODE_4M.fd");
        found.NvramTemplate!.Path.Should().Be("/usr/share/OVMF/OVMF_VARS_4M.fd");
    }

    [Test]
    public void On_Fedora_43_Secure_Boot_finds_the_4M_qcow2_build_with_enrolled_keys()
    {
        var spec = Finder("fedora-43", FedoraFiles).Spec(secureBoot: true, "/run/vm/VARS.fd");

        spec.CodePath.Should().Be("/usr/share/edk2/ovmf/OVMF_CODE_4M.secboot.qcow2");
        spec.VarsTemplatePath.Should().Be("/usr/share/edk2/ovmf/OVMF_VARS_4M.secboot.qcow2");
        spec.Format.Should().Be("qcow2");
        spec.Descriptor.Should().EndWith("30-edk2-ovmf-4m-qcow2-x64-sb-enrolled.json");
    }

    [Test]
    public void On_Fedora_43_without_Secure_Boot_skips_microvm_and_finds_the_plain_q35_build()
    {
        var found = Finder("fedora-43", FedoraFiles).Find(secureBoot: false);

        found.Executable!.Path.Should().Be("/usr/share/edk2/ovmf/OVMF_CODE_4M.qcow2");
        found.NvramTemplate!.Path.Should().Be("/usr/share/edk2/ovmf/OVMF_VARS_4M.qcow2");
    }

    [Test]
    public void A_descriptor_whose_files_are_missing_gives_way_to_the_next_one()
    {
        var withoutQcow2 = FedoraFiles.Where(f => !f.EndsWith(".qcow2", StringComparison.Ordinal)).ToArray();

        var found = Finder("fedora-43", withoutQcow2).Find(secureBoot: true);

        found.Executable!.Path.Should().Be("/usr/share/edk2/ovmf/OVMF_CODE.secboot.fd");
        found.NvramTemplate!.Path.Should().Be("/usr/share/edk2/ovmf/OVMF_VARS.secboot.fd");
        found.Executable.Format.Should().Be("raw");
    }

    [Test]
    public void An_empty_file_of_the_same_name_in_etc_masks_a_descriptor_as_QEMU_specifies()
    {
        var etc = Directory.CreateTempSubdirectory("veilorqa-fw-etc-");
        try
        {
            File.WriteAllText(Path.Combine(etc.FullName, "30-edk2-ovmf-4m-qcow2-x64-sb-enrolled.json"), string.Empty);
            var finder = new FirmwareFinder([etc.FullName, Samples("fedora-43")], FedoraFiles.Contains);

            finder.Find(secureBoot: true).Source.Should().EndWith("31-edk2-ovmf-2m-raw-x64-sb-enrolled.json");
        }
        finally
        {
            etc.Delete(recursive: true);
        }
    }

    [Test]
    public void A_descriptor_in_etc_overrides_the_same_name_in_usr_share()
    {
        var etc = Directory.CreateTempSubdirectory("veilorqa-fw-etc-");
        try
        {
            var local = File.ReadAllText(Path.Combine(Samples("debian-12"), "40-edk2-x86_64-secure-enrolled.json"))
                .Replace("/usr/share/OVMF/OVMF_VARS_4M.ms.fd", "/etc/veilor/VARS_custom.fd", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(etc.FullName, "40-edk2-x86_64-secure-enrolled.json"), local);
            string[] installed = [.. DebianFiles, "/etc/veilor/VARS_custom.fd"];
            var finder = new FirmwareFinder([etc.FullName, Samples("debian-12")], installed.Contains);

            finder.Find(secureBoot: true).NvramTemplate!.Path.Should().Be("/etc/veilor/VARS_custom.fd");
        }
        finally
        {
            etc.Delete(recursive: true);
        }
    }

    [Test]
    public void No_fitting_descriptor_names_the_folders_what_each_lacked_and_both_distributions_fix()
    {
        var act = () => Finder("debian-12", ["/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_VARS_4M.fd"]).Find(secureBoot: true);

        act.Should().Throw<InvalidDomainSpecException>()
            .Where(e => e.Field == "Firmware")
            .WithMessage("*secure-boot + enrolled-keys*debian-12*40-edk2-x86_64-secure-enrolled.json (/usr/share/OVMF/OVMF_CODE_4M.ms.fd missing)*"
                + "50-edk2-x86_64-secure.json (Secure Boot without enrolled keys)*60-edk2-x86_64.json (no Secure Boot)*"
                + "apt-get install -y ovmf*dnf install -y edk2-ovmf*");
    }

    [Test]
    public void A_folder_without_descriptors_says_so()
    {
        var act = () => new FirmwareFinder(["/nonexistent/qemu/firmware"]).Find(secureBoot: true);

        act.Should().Throw<InvalidDomainSpecException>().WithMessage("*searched /nonexistent/qemu/firmware, no descriptors there*");
    }

    [Test]
    public void A_malformed_descriptor_is_named_with_the_member_at_fault()
    {
        var dir = Directory.CreateTempSubdirectory("veilorqa-fw-bad-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "10-broken.json"), """{ "interface-types": ["uefi"], "mapping": { "device": "flash" }, "targets": [] }""");

            var act = () => new FirmwareFinder([dir.FullName]).Find(secureBoot: true);

            act.Should().Throw<InvalidDataException>().WithMessage("*10-broken.json: mapping.executable: expected an object with filename and format*");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Test]
    public void This_hosts_descriptors_name_a_Secure_Boot_build_whose_files_exist()
    {
        var found = FirmwareFinder.ForThisHost.Find(secureBoot: true);

        File.Exists(found.Executable!.Path).Should().BeTrue();
        File.Exists(found.NvramTemplate!.Path).Should().BeTrue();
        found.Has("enrolled-keys").Should().BeTrue();
    }

    private static FirmwareFinder Finder(string distribution, IReadOnlyCollection<string> installed) =>
        new([Samples(distribution)], installed.Contains);

    private static string Samples(string distribution, [CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Samples", distribution);
}
