using System.Diagnostics;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Bench;

/// <summary>
/// A domain's twin started by a plain <c>qemu-system-x86_64</c> command (and swtpm when it has a TPM), with no
/// libvirt in between: the bench's baseline. Both processes die with the bench (<c>setpriv --pdeathsig</c>),
/// and their folder lies under the run's folder, so a killed bench leaves nothing that <c>veilorqa reap</c> misses.
/// </summary>
public sealed class BareQemuMachine : IAsyncDisposable
{
    private readonly Process _qemu;
    private readonly Process? _swtpm;

    private BareQemuMachine(BareMachinePaths paths, IReadOnlyList<string> arguments, Process qemu, Process? swtpm)
    {
        Paths = paths;
        Arguments = arguments;
        this._qemu = qemu;
        this._swtpm = swtpm;
    }

    public BareMachinePaths Paths { get; }

    /// <summary>The emulator's arguments, as started.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>QEMU's process id (host memory figures).</summary>
    public int ProcessId => _qemu.Id;

    /// <summary>Prepares the files (NVRAM copy, TPM state), starts swtpm when the domain has a TPM, then QEMU.</summary>
    /// <param name="domainXml">The harness's domain XML of the VM to mirror (its disks are used as they are: give it its own overlay).</param>
    /// <param name="directory">An empty folder of the run for the twin's own files.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<BareQemuMachine> StartAsync(string domainXml, string directory, CancellationToken cancellationToken)
    {
        var paths = new BareMachinePaths(directory);
        Directory.CreateDirectory(directory);
        if (QemuCommandLine.NvramTemplate(domainXml) is { } template)
        {
            File.Copy(template, paths.Nvram, overwrite: true);
        }

        Process? swtpm = null;
        Process? qemu = null;
        try
        {
            if (QemuCommandLine.HasTpm(domainXml))
            {
                Directory.CreateDirectory(paths.TpmState);
                await ExternalCommand.RunCheckedAsync("swtpm_setup", ["--tpm2", "--tpmstate", paths.TpmState, "--createek", "--not-overwrite"], TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
                swtpm = Start("swtpm", ["socket", "--tpm2", "--tpmstate", "dir=" + paths.TpmState, "--ctrl", "type=unixio,path=" + paths.TpmSocket, "--flags", "startup-clear"], Path.Combine(directory, "swtpm.log"));
                await WaitForSocketAsync(paths.TpmSocket, swtpm, TimeSpan.FromSeconds(30), cancellationToken);
            }

            var arguments = QemuCommandLine.For(domainXml, paths);
            qemu = Start(QemuCommandLine.Emulator, arguments, paths.QemuLog);
            await WaitForSocketAsync(paths.SerialSocket, qemu, TimeSpan.FromSeconds(60), cancellationToken);
            return new BareQemuMachine(paths, arguments, qemu, swtpm);
        }
        catch
        {
            // Neither process may outlive a start that failed (a socket that never came, a cancelled bench).
            Kill(qemu);
            Kill(swtpm);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_qemu);
        await _qemu.WaitForExitAsync(CancellationToken.None);
        Kill(_swtpm);
        if (_swtpm is not null)
        {
            await _swtpm.WaitForExitAsync(CancellationToken.None);
        }

        _qemu.Dispose();
        _swtpm?.Dispose();
        if (Directory.Exists(Paths.Directory))
        {
            Directory.Delete(Paths.Directory, recursive: true);
        }
    }

    private static Process Start(string program, IEnumerable<string> arguments, string logFile)
    {
        // The child dies with the bench even when the bench is killed with SIGKILL.
        var info = new ProcessStartInfo("setpriv") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var word in new[] { "--pdeathsig", "SIGKILL", "--", program }.Concat(arguments))
        {
            info.ArgumentList.Add(word);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var gate = new object();
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            lock (gate)
            {
                log.Dispose();
            }
        };
        return process;

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // The process ended; its last lines are already in the file.
                }
            }
        }
    }

    /// <exception cref="WaitTimeoutException">The socket did not appear in time.</exception>
    /// <exception cref="InvalidOperationException">Its process exited first.</exception>
    internal static Task WaitForSocketAsync(string path, Process owner, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? time = null) =>
        new Poll($"{path} to appear (log in {Path.GetDirectoryName(path)})", timeout).Every(TimeSpan.FromMilliseconds(50)).On(time).UntilAsync(_ =>
            Task.FromResult(File.Exists(path) ? PollOutcome<bool>.Done(true)
                : !owner.HasExited ? PollOutcome<bool>.NotYet($"no {Path.GetFileName(path)} yet; {owner.StartInfo.FileName} (pid {owner.Id}) still running")
                : throw new InvalidOperationException($"{owner.StartInfo.ArgumentList.ElementAtOrDefault(3)} exited with {owner.ExitCode} before creating {path} (log in {Path.GetDirectoryName(path)})")),
            cancellationToken);

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
