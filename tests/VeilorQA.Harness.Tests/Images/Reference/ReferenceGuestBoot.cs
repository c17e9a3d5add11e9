using System.Diagnostics;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Serial;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Guest.Luks;
using VeilorQA.Harness.Images.Reference;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;
using VeilorQA.Harness.Machines;
using VeilorQA.Harness.Machines.Domain;
using VeilorQA.Harness.Security;

namespace VeilorQA.Harness.Tests.Images.Reference;

/// <summary>One boot of the cached reference guest on a fresh overlay with a given SMBIOS SKU (faults, FAULTS.md): LUKS unlocked over serial, SSH as root.</summary>
internal sealed class ReferenceGuestBoot : IAsyncDisposable
{
    public const string LogsTag = "veilorqa-logs";

    /// <summary>Written by /usr/libexec/veilorqa/logs-share (veilorqa-logs.service) into the share's root.</summary>
    public const string JournalFile = "journal.log";

    /// <summary>"veilorqa" alone is the documented no-fault word; an empty sku is refused by the spec.</summary>
    public const string NoFaults = "veilorqa";

    // systemd-cryptsetup's prompt ends without a newline: match inside the unfinished line.
    public static Regex PassphrasePrompt => LuksBootMarkers.Prompt;

    // Generous: other helpers boot TCG guests on the same 2 cores.
    private static readonly TimeSpan PromptTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan SshTimeout = TimeSpan.FromMinutes(6);

    private readonly string role;
    private readonly string sku;
    private LibvirtConnection? connection;
    private MachineFiles? files;
    private VirtualMachine? vm;
    private SerialConsole? console;
    private SshShell? shell;
    private Secret? passphrase;
    private bool disposed;

    /// <param name="role">Names the domain and its files (<c>veilorqa-RUN-role</c>).</param>
    /// <param name="sku">The SMBIOS type 1 SKU: <c>veilorqa</c> or comma-separated fault words.</param>
    public ReferenceGuestBoot(string role, string sku)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        this.role = role;
        this.sku = sku;
    }

    public SshShell Shell => shell ?? throw new InvalidOperationException("The guest never became reachable over SSH.");

    public Secret Passphrase => passphrase ?? throw new InvalidOperationException("The reference guest image was never read.");

    public string ShareDirectory { get; private set; } = string.Empty;

    public string TranscriptPath { get; private set; } = string.Empty;

    public string SerialLogPath => Files.SerialLogPath;

    public TimeSpan ToPrompt { get; private set; }

    public TimeSpan ToSsh { get; private set; }

    /// <summary>What dispose could not remove (domain, machine directory, swtpm state); empty after a clean dispose.</summary>
    public IReadOnlyList<string> Leftovers { get; private set; } = [];

    private MachineFiles Files => files ?? throw new InvalidOperationException("The machine files were never created.");

    /// <summary>Boots and unlocks; on failure whatever was started stays owned by this object, so dispose still cleans up.</summary>
    public async Task BootAsync(Action<string> progress, CancellationToken cancellationToken = default)
    {
        var build = await ReferenceGuestImage.FromRepository().EnsureBuiltAsync(force: false, passphraseFile: null, progress, cancellationToken);
        passphrase = build.ReadPassphrase();
        var choice = await AcceleratorProbe.ProbeAsync(cancellationToken);
        progress($"reference guest {build.RecipeHash}: {build.Directory}; accelerator: {choice}; sku '{sku}'");

        connection = LibvirtConnection.Open(new LibvirtOptions { Uri = LibvirtOptions.DefaultUri });
        files = MachineFiles.Create(RunId.Current, role);
        var overlay = await files.CreateOverlayAsync(build.Disk, DiskFormat.Qcow2, cancellationToken: cancellationToken);
        ShareDirectory = files.CreateShareDirectory(LogsTag);
        TranscriptPath = Path.Combine(files.Directory, "serial-console.transcript");
        var spec = files.SpecBuilder(secureBoot: true)
            .WithAccelerator(choice.Accelerator)
            .WithMemory(1024)
            .WithVCpus(2)
            .WithTpm()
            .WithDisk(overlay)
            .WithShare(ShareDirectory, LogsTag)
            .WithUsbController()
            .WithSuspendToMem()
            .WithVideo(VideoModel.Bochs)
            .WithUserNetwork()
            .WithSystemInfo("manufacturer", "VeilorQA")
            .WithSystemInfo("product", "reference-guest")
            .WithSystemInfo("sku", sku)
            .Build();
        vm = VirtualMachine.Create(connection, spec, files);

        console = SerialConsole.Open(new SerialConsoleOptions(SerialEndpoint.UnixSocket(files.SerialSocketPath)) { TranscriptPath = TranscriptPath });
        var clock = Stopwatch.StartNew();
        await vm.PowerOnAsync(cancellationToken);
        await console.WaitForAsync(PassphrasePrompt, PromptTimeout, cancellationToken);
        ToPrompt = clock.Elapsed;
        await console.WriteSecretLineAsync(passphrase, cancellationToken);

        shell = new SshShell(new SshShellOptions("127.0.0.1", vm.SshPort!.Value, "root")
        {
            PrivateKeyFile = build.SshPrivateKey,
            TrustHostKeyOnFirstUse = true,
        });
        await shell.WaitUntilReachableAsync(SshTimeout, cancellationToken);
        ToSsh = clock.Elapsed;
        progress($"{choice.Accelerator}: boot to LUKS prompt {ToPrompt.TotalSeconds:0.0} s, boot to SSH {ToSsh.TotalSeconds:0.0} s (host key {shell.HostKey})");
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (shell is not null)
        {
            await shell.DisposeAsync();
        }

        if (console is not null)
        {
            await console.DisposeAsync();
        }

        var left = new List<string>();
        if (vm is not null)
        {
            await vm.DisposeAsync();
            if (connection!.ListAll().Any(d => d.Name == vm.Name))
            {
                left.Add($"domain {vm.Name}");
            }
        }
        else if (files is not null)
        {
            await files.DisposeAsync();
        }

        if (files is not null)
        {
            if (Directory.Exists(files.Directory))
            {
                left.Add($"machine directory {files.Directory}");
            }

            if (Directory.Exists(files.TpmStateDirectory))
            {
                left.Add($"swtpm state {files.TpmStateDirectory}");
            }
        }

        Leftovers = left;
        connection?.Dispose();
    }
}
