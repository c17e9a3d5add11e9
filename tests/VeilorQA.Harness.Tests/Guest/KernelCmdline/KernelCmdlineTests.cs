using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Harness.Guest;
using VeilorQA.Harness.Guest.KernelCmdline;

namespace VeilorQA.Harness.Tests.Guest.KernelCmdline;

public class KernelCmdlineTests
{
    [Test]
    public void The_build_hosts_real_cmdline_parses_into_flags_and_values()
    {
        var cmdline = KernelCommandLine.Parse(Sample.Read("kernel/cmdline-build-host.txt"));

        cmdline.Has("quiet").Should().BeTrue();
        cmdline.Has("nomodeset").Should().BeFalse();
        cmdline.Consoles.Should().Equal("ttyS0");
        cmdline.ValueOf("panic").Should().Be("1");
    }

    [Test]
    public void A_veilor_cmdline_gives_every_console_the_ostree_path_and_quoted_values()
    {
        var cmdline = KernelCommandLine.Parse(Sample.Read("kernel/cmdline-veilor-ostree.txt"));

        cmdline.Consoles.Should().Equal("tty0", "ttyS0,115200n8");
        cmdline.Ostree.Should().StartWith("/ostree/boot.1/default/5a1f0c7e");
        cmdline.ValueOf("acpi_osi").Should().Be("!Windows 2012");
        cmdline.Has("module.sig-enforce").Should().BeTrue("the kernel treats - and _ in parameter names alike");
    }

    [Test]
    public void Kargs_files_apply_in_name_order_and_skip_other_architectures()
    {
        var image = ImageKernelArgs.ParseListing("x86_64\n", Sample.Read("kernel/kargs-listing.txt"));

        image.Files.Should().HaveCount(3);
        image.Expected.Should().Equal("console=ttyS0,115200n8", "console=tty0", "lockdown=confidentiality", "module.sig_enforce=1", "rd.shell=0");
        (image with { Architecture = "aarch64" }).Expected.Should().Contain("earlycon");
    }

    [Test]
    public void Missing_kargs_are_listed_when_the_installer_dropped_kargs_d()
    {
        var image = ImageKernelArgs.ParseListing("x86_64", Sample.Read("kernel/kargs-listing.txt"));
        var installed = KernelCommandLine.Parse("BOOT_IMAGE=/vmlinuz ostree=/ostree/boot.0/default/x/0 rw lockdown=confidentiality module.sig_enforce=1 rd.shell=0 console=tty0");

        installed.Missing(image.Expected).Should().Equal("console=ttyS0,115200n8");
    }

    [Test]
    public void A_karg_present_with_another_value_counts_as_missing()
    {
        KernelCommandLine.Parse("rd.shell=1").Missing(["rd.shell=0"]).Should().Equal("rd.shell=0");
        KernelCommandLine.Parse("rd.shell").Missing(["rd.shell"]).Should().BeEmpty();
    }

    [Test]
    public void A_malformed_kargs_file_is_named_in_the_error()
    {
        var act = () => ImageKernelArgs.ParseListing("x86_64", "==> /usr/lib/bootc/kargs.d/bad.toml <==\nkargs = [console=ttyS0]\n");

        act.Should().Throw<GuestOutputException>().WithMessage("*bad.toml*double-quoted*");
    }

    [Test]
    public async Task The_probe_compares_the_running_cmdline_with_the_images_kargs()
    {
        var shell = new RecordedShell()
            .Answer(KernelCmdlineProbe.ReadCmdline, "ostree=/ostree/boot.1/default/x/0 console=tty0 rd.shell=0\n")
            .Answer(KernelCmdlineProbe.ReadArchitecture, "x86_64\n")
            .Answer(KernelCmdlineProbe.ListImageKargs, Sample.Read("kernel/kargs-listing.txt"));

        var missing = await new KernelCmdlineProbe(shell).MissingImageKargsAsync();

        missing.Should().Equal("console=ttyS0,115200n8", "lockdown=confidentiality", "module.sig_enforce=1");
    }

    [Test]
    public async Task The_kargs_listing_script_prints_each_file_under_its_header()
    {
        // The real script, run by bash over a temp directory standing in for /usr/lib/bootc/kargs.d.
        using var dir = new ScratchDirectory("kargs");
        await File.WriteAllTextAsync(dir.File("10-a.toml"), "kargs = [\"quiet\"]\n");
        await File.WriteAllTextAsync(dir.File("README"), "not a toml file\n");
        var script = KernelCmdlineProbe.ListImageKargs.Replace(KernelCmdlineProbe.KargsDirectory, dir.Path, StringComparison.Ordinal);

        var result = await new LocalBashShell().RunAsync(script, TimeSpan.FromSeconds(10));
        var image = ImageKernelArgs.ParseListing("x86_64", result.StandardOutput);

        image.Files.Select(f => Path.GetFileName(f.Name)).Should().Equal("10-a.toml");
        image.Expected.Should().Equal("quiet");
    }
}
