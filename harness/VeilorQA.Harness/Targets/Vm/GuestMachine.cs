using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Targets.Vm;

/// <summary>
/// What both VM targets (<see cref="ReferenceVmTarget"/>, <see cref="InstalledVmTarget"/>) drive the same way: one libvirt
/// domain with its files, its serial console (timestamped transcript, secrets masked), the root SSH shell over the user-mode
/// forward, the evidence a failed test gets, and the disposal of all of it in reverse order of making.
/// </summary>
public sealed class GuestMachine : IAsyncDisposable
{
    private static readonly Regex EverythingSoFar = new(@"[\s\S]*", RegexOptions.CultureInvariant);

    private readonly LibvirtConnection _connection;
    private readonly string _privateKeyFile;
    private SshShell? _shell;
    private bool _disposed;

    private GuestMachine(LibvirtConnection connection, MachineFiles files, DomainSpec spec, string privateKeyFile)
    {
        this._connection = connection;
        this._privateKeyFile = privateKeyFile;
        Files = files;
        TranscriptPath = Path.Combine(files.Directory, "serial-console.transcript");
        Vm = VirtualMachine.Create(connection, spec, files);
        Console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(files.SerialSocketPath)) { TranscriptPath = TranscriptPath });
    }

    /// <summary>The domain's files (overlay, NVRAM, serial socket, share).</summary>
    public MachineFiles Files { get; }

    /// <summary>The libvirt domain.</summary>
    public VirtualMachine Vm { get; }

    /// <summary>The serial console.</summary>
    public SerialConsole Console { get; }

    /// <summary>The serial console's timestamped transcript file (passphrases masked).</summary>
    public string TranscriptPath { get; }

    /// <summary>The root shell, once a boot reached SSH (null before).</summary>
    public SshShell? Shell => _shell;

    /// <summary>Whether the domain runs (or sleeps): a screenshot and the live XML can be had.</summary>
    public bool IsRunning => !_disposed && Vm.State.State is DomainState.Running or DomainState.Paused or DomainState.PmSuspended;

    /// <summary>Defines (does not start) the domain of <paramref name="spec"/> and opens its serial console.</summary>
    /// <param name="connection">The libvirt connection; disposed with this machine.</param>
    /// <param name="files">The domain's files; removed with this machine.</param>
    /// <param name="spec">The domain.</param>
    /// <param name="privateKeyFile">The key the guest authorised for root.</param>
    public static GuestMachine Create(LibvirtConnection connection, MachineFiles files, DomainSpec spec, string privateKeyFile)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyFile);
        return new GuestMachine(connection, files, spec, privateKeyFile);
    }

    /// <summary>Connects the root shell (first boot) or reconnects it (later boots) within <paramref name="timeout"/>.</summary>
    public async Task ConnectShellAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_shell is null)
        {
            _shell = new SshShell(new SshShellOptions("127.0.0.1", Vm.SshPort!.Value, "root")
            {
                PrivateKeyFile = _privateKeyFile,
                TrustHostKeyOnFirstUse = true,
            });
            await _shell.WaitUntilReachableAsync(timeout, cancellationToken);
        }
        else
        {
            await _shell.ReconnectAsync(timeout, cancellationToken);
        }
    }

    /// <summary>Consumes the console output so far so that only the next boot's prompt can match.</summary>
    public Task ForgetConsoleOutputAsync(CancellationToken cancellationToken) =>
        Console.WaitForAsync(EverythingSoFar, TimeSpan.FromSeconds(5), cancellationToken);

    /// <summary>Shuts the OS down cleanly within <paramref name="grace"/> (else powers off); nothing when the domain is off.</summary>
    /// <returns>A line for the progress log, or null when the domain was already off.</returns>
    public async Task<string?> ShutdownAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (Vm.State.State == DomainState.ShutOff)
        {
            return null;
        }

        var clean = await Vm.ShutdownAsync(grace, cancellationToken);
        return clean ? "shut down" : $"did not shut down within {grace.TotalSeconds:0} s: powered off";
    }

    /// <summary>
    /// Writes a screenshot, the serial transcript, this boot's journal (from the 9p share's <paramref name="journalFile"/> when
    /// it has one, else over SSH when <paramref name="shellReady"/>) and the domain XML into <paramref name="folder"/>. Never
    /// throws: what cannot be had is a line of <c>evidence-notes.txt</c>.
    /// </summary>
    /// <param name="folder">Where the files go.</param>
    /// <param name="shareDirectory">The host side of the guest's 9p log share, when it has one.</param>
    /// <param name="journalFile">The file in the share the guest streams this boot's journal into.</param>
    /// <param name="shellReady">Whether the shell is connected to the current boot (the journal can be read over it).</param>
    /// <param name="cancellationToken">Cancels the collection.</param>
    public async Task<IReadOnlyList<EvidenceFile>> CollectEvidenceAsync(
        string folder, string? shareDirectory, string journalFile, bool shellReady, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var evidence = new List<EvidenceFile>();
        var notes = new List<string>();
        var running = IsRunning;
        await TryAsync("screenshot", async () =>
        {
            if (!running)
            {
                notes.Add("screenshot: the VM is not running");
                return;
            }

            var path = Path.Combine(folder, "screenshot.png");
            await Vm.CaptureAsync(path, cancellationToken);
            evidence.Add(new EvidenceFile("screenshot", path, "image/png"));
        });
        await TryAsync("serial transcript", async () =>
        {
            var path = Path.Combine(folder, "serial-console.txt");
            await File.WriteAllTextAsync(path, Redactor.Global.Redact(Console.Transcript), cancellationToken);
            evidence.Add(new EvidenceFile("serial console transcript", path, "text/plain"));
        });
        await TryAsync("journal", async () =>
        {
            var path = Path.Combine(folder, "journal.txt");
            var shared = shareDirectory is null ? null : Path.Combine(shareDirectory, journalFile);
            if (shared is not null && File.Exists(shared) && new FileInfo(shared).Length > 0)
            {
                await File.WriteAllTextAsync(path, Redactor.Global.Redact(Tail(await File.ReadAllTextAsync(shared, cancellationToken))), cancellationToken);
                evidence.Add(new EvidenceFile("journal (9p share)", path, "text/plain"));
            }
            else if (_shell is not null && shellReady)
            {
                notes.Add($"journal: the 9p share has no {journalFile}; read over SSH instead");
                var result = await _shell.RunAsync("journalctl -b --no-pager -o short-precise | tail -n 4000", TimeSpan.FromSeconds(60), cancellationToken);
                await File.WriteAllTextAsync(path, Redactor.Global.Redact(result.StandardOutput), cancellationToken);
                evidence.Add(new EvidenceFile("journal (over SSH)", path, "text/plain"));
            }
            else
            {
                notes.Add("journal: neither the 9p share nor SSH has it");
            }
        });
        await TryAsync("domain XML", async () =>
        {
            var path = Path.Combine(folder, "domain.xml");
            await File.WriteAllTextAsync(path, running ? await Vm.LiveXmlAsync(cancellationToken) : Vm.Xml, cancellationToken);
            evidence.Add(new EvidenceFile("domain XML", path, "application/xml"));
        });
        if (notes.Count > 0)
        {
            var path = Path.Combine(folder, "evidence-notes.txt");
            await File.WriteAllLinesAsync(path, notes, CancellationToken.None);
            evidence.Add(new EvidenceFile("evidence notes", path, "text/plain"));
        }

        return evidence;

        async Task TryAsync(string what, Func<Task> collect)
        {
            try
            {
                await collect();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                notes.Add($"{what}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>Closes the shell and the console, undefines the domain, removes its files, closes libvirt; idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_shell is not null)
        {
            await _shell.DisposeAsync();
        }

        await Console.DisposeAsync();
        await Vm.DisposeAsync();
        await Files.DisposeAsync();
        _connection.Dispose();
    }

    private static string Tail(string text, int maxChars = 2 * 1024 * 1024) => text.Length <= maxChars ? text : text[^maxChars..];
}
