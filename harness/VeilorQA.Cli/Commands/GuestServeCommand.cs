using System.CommandLine;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Matrix;
using VeilorQA.Harness.Matrix.Artifacts;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Cli.Commands;

/// <summary>
/// <c>veilorqa guest serve</c>: boots the reference guest, unlocks it and keeps it running with its SSH
/// on a fixed loopback port until stopped (Ctrl+C / SIGTERM), exporting what an SSH client needs (key,
/// pinned host key fingerprint). This is how a laptop-style matrix entry gets a machine the harness
/// reaches over SSH alone; this process owns the VM, so the reaper leaves it alone while it lives.
/// </summary>
internal static class GuestServeCommand
{
    public const string ReadyFile = "ready";
    public const string KeyFile = "id_ed25519";
    public const string FingerprintFile = "host_key.fingerprint";

    public static Command Create()
    {
        var matrix = new Option<FileInfo>("--matrix") { Description = "TestMatrix.yml to take the VM target from", DefaultValueFactory = _ => new FileInfo(TestMatrixLoader.DefaultFileName) };
        var target = new Option<string>("--target") { Description = "VM target of the matrix booting the reference guest", DefaultValueFactory = _ => "refvm" };
        var port = new Option<int>("--ssh-port") { Description = "127.0.0.1 port forwarded to the guest's SSH", DefaultValueFactory = _ => 2222 };
        var export = new Option<DirectoryInfo>("--export") { Description = "folder receiving id_ed25519, host_key.fingerprint and, once reachable, 'ready'", DefaultValueFactory = _ => new DirectoryInfo("artifacts/loopback") };
        var command = new Command("serve", "Boot the reference guest and keep it running with SSH on a fixed loopback port until stopped.")
        {
            matrix, target, port, export,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(export)!.FullName;
            try
            {
                var loaded = TestMatrixLoader.Load(parse.GetValue(matrix)!.FullName);
                var definition = loaded.Target(parse.GetValue(target)!) as VmProfile
                    ?? throw new ArgumentException($"target '{parse.GetValue(target)}' is not a VM target");
                if (loaded.ArtifactOf(definition) is not ReferenceGuestArtifact artifact)
                {
                    throw new ArgumentException($"target '{definition.Name}' does not boot a reference-guest artifact");
                }

                Directory.CreateDirectory(folder);
                File.Delete(Path.Combine(folder, ReadyFile));
                var image = new ReferenceGuestImage(artifact.Recipe, Path.Combine(HarnessPaths.Cache, "reference"), ReferenceGuestImage.DefaultBuildTimeout);
                RunOwner.Claim(RunId.Current);
                await using var vm = await ReferenceVmTarget.CreateAsync(definition, image, [], "serve", Console.WriteLine, cancellationToken, parse.GetValue(port));
                await vm.EnsureReadyAsync(cancellationToken);
                var build = image.FindCached()!;
                var key = Path.Combine(folder, KeyFile);
                File.Copy(build.SshPrivateKey, key, overwrite: true);
                if (OperatingSystem.IsLinux())
                {
                    File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                var fingerprint = ((SshShell)vm.Shell).HostKey?.Value ?? throw new InvalidOperationException("the guest's host key was not seen");
                await File.WriteAllTextAsync(Path.Combine(folder, FingerprintFile), fingerprint + "\n", cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(folder, ReadyFile), $"root@127.0.0.1:{parse.GetValue(port)}\n", cancellationToken);
                Console.WriteLine($"serving {vm} on root@127.0.0.1:{parse.GetValue(port)} (host key {fingerprint}); exports in {folder}; stop with Ctrl+C or SIGTERM");
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopped: the VM and its files are removed");
                File.Delete(Path.Combine(folder, ReadyFile));
                return 0;
            }
            catch (Exception e) when (e is MatrixException or ArgumentException or KeyNotFoundException or LibvirtException or ReferenceGuestBuildException
                                          or Harness.Capabilities.WaitTimeoutException or FileNotFoundException)
            {
                Console.Error.WriteLine($"veilorqa guest serve: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
