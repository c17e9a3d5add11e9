using System.Diagnostics;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Matrix.Targets;
using VeilorQA.Harness.Security;
using VeilorQA.Harness.Targets;
using VeilorQA.Harness.Targets.Vm;

namespace VeilorQA.Harness.Bench;

/// <summary>
/// P1 and P2 of the bench on the reference guest: power-on → ready through the harness against the same domain
/// started by a bare QEMU command, and a restore of the saved, booted guest against its cold boot.
/// </summary>
/// <remarks>
/// "Ready" is detected the same way for every variant: the LUKS prompt on the serial console, the passphrase typed,
/// then an SSH session that runs a command. The harness figure is <see cref="ReferenceVmTarget.LastBootTimings"/>
/// (from the power-on request: libvirt's swtpm set-up and QEMU start included); the bare figure starts before swtpm_setup.
/// The reference guest streams its journal into a 9p share, and QEMU refuses to save a VM whose 9p share is mounted,
/// so before saving the bench stops the share's service (the guest then writes its journal to disk only).
/// </remarks>
public sealed class ReferenceBootBench(VmProfile profile, ReferenceGuestImage image, Action<string> progress)
{
    private static readonly TimeSpan Ready = TargetTimeouts.Vm.Boot;

    /// <summary>Runs <paramref name="repeat"/> harness boots (each followed, with <paramref name="restores"/>, by a save and that many restores) and as many bare boots.</summary>
    public async Task RunAsync(int repeat, int restores, BenchReport report, CancellationToken cancellationToken)
    {
        var build = await image.EnsureBuiltAsync(force: false, passphraseFile: null, progress, cancellationToken);
        var passphrase = build.ReadPassphrase();
        Redactor.Global.Register(passphrase);
        var harness = new List<double>();
        var bare = new List<double>();
        var restore = new List<double>();
        for (var i = 1; i <= repeat; i++)
        {
            var xml = await HarnessBootAsync(i, restores, build, harness, restore, cancellationToken);
            bare.Add(await BareBootAsync(i, xml, build, passphrase, report, cancellationToken));
            progress($"bench P1 {i}/{repeat}: harness {harness[^1]:0.0} s, bare QEMU {bare[^1]:0.0} s");
        }

        var harnessFigure = new BenchFigure("P1", "reference guest: harness power-on -> SSH ready", "s", harness);
        var bareFigure = new BenchFigure("P1", "reference guest: bare QEMU start -> SSH ready", "s", bare);
        report.Figures.AddRange([harnessFigure, bareFigure]);
        report.Ratios.Add(BenchRatio.Of("P1", "harness / bare QEMU", harnessFigure, bareFigure, atMost: 1.05));
        if (restore.Count > 0)
        {
            var restoreFigure = new BenchFigure("P2", "reference guest: restore saved state -> SSH ready", "s", restore);
            report.Figures.Add(restoreFigure);
            report.Ratios.Add(BenchRatio.Of("P2", "cold boot (harness) / restore", harnessFigure, restoreFigure, atLeast: 20));
        }
    }

    private async Task<string> HarnessBootAsync(int i, int restores, ReferenceGuestBuild build, List<double> boots, List<double> restoreTimes, CancellationToken cancellationToken)
    {
        await using var target = await ReferenceVmTarget.CreateAsync(profile, image, [], $"bench-harness-{i}", progress, cancellationToken);
        await target.EnsureReadyAsync(cancellationToken);
        await target.Shell.RunAsync("true", TargetTimeouts.Vm.Command, cancellationToken);
        boots.Add(target.LastBootTimings!.Value.ToShell.TotalSeconds);
        var xml = target.Machine.Xml;
        if (restores <= 0)
        {
            return xml;
        }

        // QEMU blocks saving while the guest has the 9p share mounted; the unit releases it on stop.
        await target.Shell.RunAsync("systemctl stop veilorqa-logs.service", TargetTimeouts.Vm.Command, cancellationToken);
        await using var snapshot = await target.Machine.SaveAsync(cancellationToken);
        progress($"bench P2: saved the booted guest ({snapshot.StateBytes / (1024 * 1024)} MiB state)");
        for (var r = 1; r <= restores; r++)
        {
            var clock = Stopwatch.StartNew();
            await using var copy = await snapshot.RestoreCopyAsync(cancellationToken);
            await using var shell = new SshShell(new SshShellOptions("127.0.0.1", copy.SshPort!.Value, "root") { PrivateKeyFile = build.SshPrivateKey, TrustHostKeyOnFirstUse = true });
            await shell.WaitUntilReachableAsync(Ready, cancellationToken);
            await shell.RunAsync("true", TargetTimeouts.Vm.Command, cancellationToken);
            restoreTimes.Add(clock.Elapsed.TotalSeconds);
            progress($"bench P2 restore {r}: SSH ready {clock.Elapsed.TotalSeconds:0.00} s after the restore began");
        }

        return xml;
    }

    private static async Task<double> BareBootAsync(int i, string harnessXml, ReferenceGuestBuild build, Secret passphrase, BenchReport report, CancellationToken cancellationToken)
    {
        var files = MachineFiles.Create(RunId.Current, $"bench-bare-{i}");
        try
        {
            var from = Path.GetDirectoryName(VirtualMachineXml.Nvram(harnessXml)) ?? throw new FormatException("the harness domain XML names no NVRAM file");
            var xml = VirtualMachineXml.ForCopy(harnessXml, files.DomainName, files.Uuid, from, files.Directory, sshPort: null);
            foreach (var (path, _) in VirtualMachineXml.WritableDisks(xml))
            {
                await ExternalCommand.RunCheckedAsync("qemu-img", ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", build.Disk, path], TimeSpan.FromSeconds(30), cancellationToken: cancellationToken);
            }

            files.CreateShareDirectory(ReferenceVmTarget.LogsTag);
            var port = VirtualMachineXml.SshPort(xml) ?? throw new FormatException("the harness domain XML has no SSH forward");
            var clock = Stopwatch.StartNew();
            await using var machine = await BareQemuMachine.StartAsync(xml, Path.Combine(files.Directory, "bare"), cancellationToken);
            report.BareCommand ??= QemuCommandLine.Describe(machine.Arguments);
            await using var console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(machine.Paths.SerialSocket)));
            await console.WaitForAsync(LuksBootMarkers.Prompt, Ready, cancellationToken);
            await console.WriteSecretLineAsync(passphrase, cancellationToken);
            await using var shell = new SshShell(new SshShellOptions("127.0.0.1", port, "root") { PrivateKeyFile = build.SshPrivateKey, TrustHostKeyOnFirstUse = true });
            await shell.WaitUntilReachableAsync(Ready, cancellationToken);
            await shell.RunAsync("true", TargetTimeouts.Vm.Command, cancellationToken);
            return clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await files.DisposeAsync();
        }
    }
}
