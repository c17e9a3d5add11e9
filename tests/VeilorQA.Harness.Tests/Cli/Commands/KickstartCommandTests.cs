using FluentAssertions;
using NUnit.Framework;
using VeilorQA.Cli.Commands;
using VeilorQA.Harness.Tests.Install.Kickstart;

namespace VeilorQA.Harness.Tests.Cli.Commands;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the point of several tests
public sealed class KickstartCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("veilorqa-ks-cli-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Check_accepts_a_valid_kickstart_with_exit_0()
    {
        var file = Write("ok.ks", KickstartSamples.Minimal);
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = KickstartCommand.Check(file, output, error);

        exit.Should().Be(0);
        output.ToString().Should().Contain($"{file}: OK: ostreecontainer 10.0.2.2:5000/veilor/os@{KickstartSamples.Digest}").And.Contain("ends with reboot");
        error.ToString().Should().BeEmpty();
    }

    [Test]
    public void Check_refuses_with_exit_2_and_the_line_without_the_passphrase()
    {
        var file = Write("bad.ks", KickstartSamples.ReplaceLine(4, "part / --fstype=ntfs --encrypted --passphrase=\"s3cret pass\""));
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = KickstartCommand.Check(file, output, error);

        exit.Should().Be(KickstartCommand.InvalidInputExitCode);
        error.ToString().Should().Contain($"{file}:4: The following problem occurred on line 4 of the kickstart file:")
            .And.Contain("part /: --fstype=ntfs is not supported (use ext4|xfs|btrfs)")
            .And.Contain("4 | part / --fstype=ntfs --encrypted --passphrase=********")
            .And.NotContain("s3cret");
    }

    [Test]
    public void Check_of_a_missing_file_is_exit_2()
    {
        var error = new StringWriter();

        KickstartCommand.Check(Path.Combine(_dir, "none.ks"), new StringWriter(), error).Should().Be(2);

        error.ToString().Should().Contain("cannot read");
    }

    [Test]
    public async Task Render_writes_the_kickstart_0600_and_a_masked_copy_through_the_command_line()
    {
        var pass = Write("pass", "hunter2 hunter2\n");
        File.SetUnixFileMode(pass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var key = Write("id.pub", KickstartSamples.SshKey + "\n");
        var output = Path.Combine(_dir, "ks.cfg");

        var exit = await VeilorQA.Cli.VeilorQaCommand.Build().Parse([
            "kickstart", "render", "--registry", "10.0.2.2:5000", "--image", $"veilorqa/reference@{KickstartSamples.Digest}",
            "--passphrase-file", pass, "--ssh-key", key, "--disk", "sda", "--poweroff", "--output", output, "--template", KickstartSamples.TemplatePath,
        ]).InvokeAsync();

        exit.Should().Be(0);
        File.GetUnixFileMode(output).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(output).Should().Contain("--passphrase='hunter2 hunter2'").And.Contain("--only-use=sda").And.Contain("\npoweroff\n");
        File.ReadAllText(output + ".masked").Should().NotContain("hunter2").And.Contain("--passphrase=********");
        KickstartCommand.Check(output, new StringWriter(), new StringWriter()).Should().Be(0);
    }

    [Test]
    public void Render_refuses_a_passphrase_file_others_can_read()
    {
        var pass = Write("pass", "hunter2\n");
        File.SetUnixFileMode(pass, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var error = new StringWriter();
        var request = new KickstartCommand.RenderRequest("10.0.2.2:5000", $"veilorqa/reference@{KickstartSamples.Digest}", pass, Write("id.pub", KickstartSamples.SshKey), "vda", Path.Combine(_dir, "ks.cfg"))
        {
            Template = KickstartSamples.TemplatePath,
        };

        var exit = KickstartCommand.Render(request, new StringWriter(), error);

        exit.Should().Be(2);
        error.ToString().Should().Contain("chmod 600").And.NotContain("hunter2");
        File.Exists(request.Output).Should().BeFalse();
    }

    [Test]
    public void Render_refuses_an_empty_passphrase_file_with_exit_2()
    {
        var pass = Write("pass", "\n");
        File.SetUnixFileMode(pass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var error = new StringWriter();
        var request = new KickstartCommand.RenderRequest("10.0.2.2:5000", $"veilorqa/reference@{KickstartSamples.Digest}", pass, Write("id.pub", KickstartSamples.SshKey), "vda", Path.Combine(_dir, "ks.cfg"))
        {
            Template = KickstartSamples.TemplatePath,
        };

        KickstartCommand.Render(request, new StringWriter(), error).Should().Be(2);

        error.ToString().Should().Contain($"passphrase file {pass} is empty");
    }

    [Test]
    public void Render_refuses_an_unpinned_image_with_exit_2()
    {
        var pass = Write("pass", "hunter2\n");
        File.SetUnixFileMode(pass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var error = new StringWriter();
        var request = new KickstartCommand.RenderRequest("10.0.2.2:5000", "veilorqa/reference:1", pass, Write("id.pub", KickstartSamples.SshKey), "vda", Path.Combine(_dir, "ks.cfg"))
        {
            Template = KickstartSamples.TemplatePath,
        };

        KickstartCommand.Render(request, new StringWriter(), error).Should().Be(2);

        error.ToString().Should().Contain("image 'veilorqa/reference:1' is not REPOSITORY@sha256:");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
