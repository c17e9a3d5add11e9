using System.Xml.Linq;
using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Install;
using VeilorQA.Harness.Install.Iso;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Install;

/// <summary>
/// The veilor-vm install path up to everything that needs veilor's own files: a fake ISO shaped like Fedora's (label,
/// images/pxeboot) is checked by sha256, veilor's kickstart is rendered for the run's registry and pinned image, and the
/// install VM is prepared (not started) — the OEMDRV volume's content, the kickstart's modes, the domain XML, and the
/// direct-kernel-boot route with its HTTP kickstart. Nothing here boots; the reference installer proves the boot.
/// </summary>
[Category("Integration")]
public sealed class InstallPreparationTests
{
    private const string Label = "Fedora-KDE-ostree-x86_64-43";
    private static readonly string ImageDigest = "sha256:" + new string('7', 64);
    private string _folder = null!;
    private string _iso = null!;
    private string _isoSha256 = null!;
    private LibvirtConnection _connection = null!;

    [OneTimeSetUp]
    public async Task MakeFakeIsoAsync()
    {
        _folder = Directory.CreateTempSubdirectory("veilorqa-test-install-").FullName;
        var tree = Path.Combine(_folder, "tree", "images", "pxeboot");
        Directory.CreateDirectory(tree);
        await File.WriteAllTextAsync(Path.Combine(tree, "vmlinuz"), "not a kernel\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "initrd.img"), "not an initrd\n");
        _iso = Path.Combine(_folder, "veilor-os-43-bootstrap-x86_64.iso");
        await ExternalCommand.RunCheckedAsync("xorriso", ["-as", "mkisofs", "-quiet", "-V", Label, "-R", "-J", "-o", _iso, Path.Combine(_folder, "tree")], TimeSpan.FromMinutes(1));
        _isoSha256 = (await ExternalCommand.RunCheckedAsync("sha256sum", [_iso], TimeSpan.FromMinutes(1))).Split(' ')[0];
        _connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
    }

    [OneTimeTearDown]
    public void RemoveFolder()
    {
        _connection?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task The_iso_is_refused_before_anything_boots_when_its_sha256_is_not_the_matrix_one()
    {
        using var source = new IsoSource(Path.Combine(_folder, "cache"));
        var wrong = new string('0', 64);

        var refused = () => source.ResolveAsync(_iso, wrong, "TestMatrix.yml artifacts.veilor-iso.sha256");
        var accepted = await source.ResolveAsync(_iso, _isoSha256.ToUpperInvariant(), "TestMatrix.yml artifacts.veilor-iso.sha256");

        (await refused.Should().ThrowAsync<IsoChecksumException>()).Which.Message.Should().Contain(_iso).And.Contain(wrong).And.Contain(_isoSha256);
        accepted.Sha256.Should().Be(_isoSha256);
    }

    [Test]
    public async Task Oemdrv_delivery_prepares_the_unmodified_iso_under_secure_boot_with_the_kickstart_on_its_volume()
    {
        var passphrase = new Secret("veilor luks " + Guid.NewGuid().ToString("N")[..8]);
        var (plan, rendered) = Plan(passphrase, KickstartDelivery.Oemdrv);
        var files = MachineFiles.Create(RunId.Current, "test-install-oemdrv");
        await using var session = await InstallSession.CreateAsync(plan, _connection, files, _ => { }, CancellationToken.None);

        var kickstart = Path.Combine(files.Directory, InstallSession.KickstartFileName);
        if (OperatingSystem.IsLinux())
        {
            File.GetUnixFileMode(kickstart).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        (await File.ReadAllTextAsync(Path.Combine(files.Directory, "ks.masked.cfg"))).Should().NotContain(passphrase.Reveal()).And.Contain("--url=10.0.2.2:5000/veilor/veilor-os@" + ImageDigest);
        var oemdrv = Path.Combine(files.Directory, "oemdrv", "oemdrv.img");
        if (OperatingSystem.IsLinux())
        {
            File.GetUnixFileMode(oemdrv).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "the volume carries the passphrase");
        }
        (await ExternalCommand.RunCheckedAsync("blkid", ["-o", "value", "-s", "LABEL", oemdrv], TimeSpan.FromSeconds(10))).Trim().Should().Be(OemdrvVolume.Label);
        (await ExternalCommand.RunCheckedAsync("mtype", ["-i", oemdrv, "::/ks.cfg"], TimeSpan.FromSeconds(10))).Should().Be(rendered.Text.Reveal());
        KickstartParser.Parse(rendered.Text.Reveal(), "ks.cfg").OstreeContainer.Url.Should().EndWith("@" + ImageDigest);

        var xml = XDocument.Parse(await File.ReadAllTextAsync(session.DomainXmlPath));
        var os = xml.Root!.Element("os")!;
        os.Element("loader")!.Attribute("secure")!.Value.Should().Be("yes");
        os.Element("nvram")!.Attribute("template")!.Value.Should().Contain(".ms.");
        os.Element("kernel").Should().BeNull("the ISO boots unmodified through its own shim and grub");
        xml.Root.Element("on_reboot")!.Value.Should().Be("destroy", "the install's end is one power-off, reboot or not");
        var disks = xml.Root.Element("devices")!.Elements("disk").ToList();
        disks.Should().ContainSingle(d => d.Attribute("device")!.Value == "cdrom" && d.Element("source")!.Attribute("file")!.Value == _iso && d.Element("readonly") != null);
        disks.Should().ContainSingle(d => d.Element("source")!.Attribute("file")!.Value == oemdrv && d.Element("readonly") != null);
        disks.Should().ContainSingle(d => d.Element("source")!.Attribute("file")!.Value == session.Disk);
        xml.Root.Element("devices")!.Elements("channel").Should().ContainSingle(c => c.Element("target")!.Attribute("name")!.Value == "org.fedoraproject.anaconda.log.0");
        xml.Root.Element("devices")!.Element("tpm")!.Element("backend")!.Attribute("version")!.Value.Should().Be("2.0");
        xml.ToString().Should().NotContain(passphrase.Reveal());
        (await ExternalCommand.RunCheckedAsync("qemu-img", ["info", "--output=json", session.Disk], TimeSpan.FromSeconds(10))).Should().Contain("\"virtual-size\": " + (40L << 30));
    }

    [Test]
    public async Task Direct_kernel_boot_takes_the_pxeboot_files_and_serves_the_kickstart_over_http_on_loopback()
    {
        var (plan, rendered) = Plan(new Secret("another passphrase"), KickstartDelivery.KernelHttp);
        var files = MachineFiles.Create(RunId.Current, "test-install-http");
        string directory;
        await using (var session = await InstallSession.CreateAsync(plan, _connection, files, _ => { }, CancellationToken.None))
        {
            directory = files.Directory;
            var os = XDocument.Parse(await File.ReadAllTextAsync(session.DomainXmlPath)).Root!.Element("os")!;
            os.Element("kernel")!.Value.Should().Be(Path.Combine(files.Directory, "vmlinuz"));
            var cmdline = os.Element("cmdline")!.Value;
            cmdline.Should().Contain($"inst.stage2=hd:CDLABEL={Label}").And.Contain("inst.cmdline").And.Contain("inst.veilorqa.test");
            var port = int.Parse(System.Text.RegularExpressions.Regex.Match(cmdline, @"inst\.ks=http://10\.0\.2\.2:(\d+)/ks\.cfg").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            (await http.GetStringAsync($"http://127.0.0.1:{port}/ks.cfg")).Should().Be(rendered.Text.Reveal());
        }

        Directory.Exists(directory).Should().BeFalse("disposal removes the install's folder (disk, NVRAM, kickstart)");
    }

    private (InstallPlan Plan, RenderedKickstart Rendered) Plan(Secret passphrase, KickstartDelivery delivery)
    {
        var key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGt0ZXN0a2V5Zm9ydmVpbG9ycWFpbnN0YWxscGF0aHRlc3Q veilorqa-run";
        var rendered = KickstartRenderer.Render(KickstartTemplate.Load(Kickstart.KickstartSamples.TemplatePath),
            new KickstartParameters("10.0.2.2:5000", PinnedImageReference.Parse("veilor/veilor-os@" + ImageDigest), passphrase, key, "vda", EndAction.Poweroff));
        var inputs = new InstallInputs(_iso, _isoSha256, null, $"template {KickstartTemplate.RelativePath}", "10.0.2.2:5000/veilor/veilor-os@" + ImageDigest, ImageDigest,
            "environment VEILORQA_VEILOR_LUKS_PASSPHRASE", delivery, ["inst.veilorqa.test"], 40, 4096, 4, true, null);
        var accelerator = new AcceleratorChoice(false, "test");
        return (new InstallPlan(inputs, rendered.Text, rendered.MaskedText, accelerator, TimeSpan.FromMinutes(5), VolumeLabel: Label), rendered);
    }
}
