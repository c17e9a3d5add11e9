using System.CommandLine;
using VeilorQA.Harness.Install.Kickstart;
using VeilorQA.Harness.Security;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa kickstart check|render</c>: check any kickstart against veilor's subset before a VM starts (exit 0, or
/// exit 2 with Anaconda's words, the file, line number and line), and render veilor's template for one install.
/// </summary>
internal static class KickstartCommand
{
    public const int InvalidInputExitCode = 2;

    public static Command Create()
    {
        var command = new Command("kickstart", "Check a kickstart against the installer's subset, or render veilor's install kickstart");
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateRender());
        return command;
    }

    /// <summary>What <c>kickstart render</c> was asked for.</summary>
    internal sealed record RenderRequest(string Registry, string Image, string PassphraseFile, string SshKeyFile, string Disk, string Output)
    {
        public bool PowerOff { get; init; }

        public string? Template { get; init; }

        public string? MaskedOutput { get; init; }
    }

    internal static int Check(string file, TextWriter output, TextWriter error)
    {
        KickstartDocument document;
        try
        {
            document = KickstartParser.ParseFile(file);
        }
        catch (KickstartParseException e)
        {
            error.WriteLine(e.Message);
            return InvalidInputExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"kickstart check: cannot read {file}: {e.Message}");
            return InvalidInputExitCode;
        }

        var root = document.Root;
        output.WriteLine(
            $"{file}: OK: ostreecontainer {document.OstreeContainer.Url} ({document.OstreeContainer.Transport?.ToString().ToLowerInvariant() ?? "registry"}), "
            + $"{document.Partitions.Count} part line(s), / {root.FsType}{(root.Encrypted ? $" {root.LuksVersion ?? "luks2"}" : " unencrypted")}, "
            + $"{document.Scripts.Count} script(s), ends with {document.EffectiveEndAction.ToString().ToLowerInvariant()}");
        return 0;
    }

    internal static int Render(RenderRequest request, TextWriter output, TextWriter error)
    {
        try
        {
            var passphrase = ReadPassphrase(request.PassphraseFile);
            var key = File.ReadAllText(request.SshKeyFile).Trim();
            var template = request.Template is null ? KickstartTemplate.FromRepository() : KickstartTemplate.Load(request.Template);
            var image = PinnedImageReference.Parse(request.Image, request.Registry);
            var end = request.PowerOff ? EndAction.Poweroff : EndAction.Reboot;
            var rendered = KickstartRenderer.Render(template, new KickstartParameters(request.Registry, image, passphrase, key, request.Disk, end));
            var masked = request.MaskedOutput ?? request.Output + ".masked";
            rendered.WriteTo(request.Output);
            rendered.WriteMaskedTo(masked);
            output.WriteLine($"wrote {request.Output} (mode 0600) and the masked copy {masked}: {rendered.ImageUrl} on {request.Disk}, ends with {end.ToString().ToLowerInvariant()}");
            return 0;
        }
        catch (Exception e) when (e is KickstartRenderException or FormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"kickstart render: {e.Message}");
            return InvalidInputExitCode;
        }
    }

    /// <summary>The passphrase through <see cref="Secret.FromFile"/> (which refuses group/world-readable files); an empty file is one clear error.</summary>
    private static Secret ReadPassphrase(string path)
    {
        try
        {
            return Secret.FromFile(path);
        }
        catch (ArgumentException)
        {
            // Secret refuses an empty value; the file held nothing but a newline at most.
            throw new FormatException($"passphrase file {path} is empty");
        }
    }

    private static Command CreateCheck()
    {
        var file = new Argument<string>("FILE") { Description = "the kickstart to check" };
        var command = new Command("check", "Check a kickstart against the installer's subset: exit 0, or exit 2 with the file, line number and line") { file };
        command.SetAction(parse => Check(parse.GetValue(file)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static Command CreateRender()
    {
        var registry = new Option<string>("--registry") { Description = "HOST:PORT of the registry as the guest reaches it (10.0.2.2:PORT with user-mode networking)", Required = true };
        var image = new Option<string>("--image") { Description = "the candidate pinned by digest: REPOSITORY@sha256:<64 hex>", Required = true };
        var passphrase = new Option<string>("--passphrase-file") { Description = "file holding the LUKS passphrase (mode 0600; group/world-readable files are refused)", Required = true };
        var sshKey = new Option<string>("--ssh-key") { Description = "the harness's SSH public key file (.pub)", Required = true };
        var disk = new Option<string>("--disk") { Description = "target disk (vda, sda, nvme0n1)", DefaultValueFactory = _ => "vda" };
        var powerOff = new Option<bool>("--poweroff") { Description = "power off after the install (default: reboot)" };
        var output = new Option<string>("--output") { Description = "the kickstart to write (created with mode 0600: it holds the passphrase)", Required = true };
        var masked = new Option<string?>("--masked-output") { Description = "the masked copy for bundles and reports (default: OUTPUT.masked)" };
        var template = new Option<string?>("--template") { Description = $"template to fill (default: the repository's {KickstartTemplate.RelativePath})" };
        var command = new Command("render", "Render veilor's install kickstart for one install; the result is checked before it is written");
        foreach (var option in new Option[] { registry, image, passphrase, sshKey, disk, powerOff, output, masked, template })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Render(
            new RenderRequest(parse.GetValue(registry)!, parse.GetValue(image)!, parse.GetValue(passphrase)!, parse.GetValue(sshKey)!, parse.GetValue(disk)!, parse.GetValue(output)!)
            {
                PowerOff = parse.GetValue(powerOff),
                Template = parse.GetValue(template),
                MaskedOutput = parse.GetValue(masked),
            },
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }
}
