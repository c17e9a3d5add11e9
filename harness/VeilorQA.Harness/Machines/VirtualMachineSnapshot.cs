using System.Net;
using System.Net.Sockets;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Libvirt;

namespace VeilorQA.Harness.Machines;

/// <summary>A booted VM saved once (memory + devices + its frozen "gold" disks); restores any number of independent copies.</summary>
/// <remarks>
/// libvirt 9.0 refuses internal snapshots with UEFI pflash and cannot revert external ones, so a copy is
/// the saved state restored with rewritten XML: its own name, a new qcow2 overlay on each gold disk, its
/// own NVRAM copy, its own UUID (so libvirt keeps a separate swtpm state), a new SSH port and its own
/// sockets and logs. TPM state travels in the saved state.
/// Copies may run side by side. Disposing deletes the saved state and the gold disks (after the copies).
/// </remarks>
public sealed class VirtualMachineSnapshot : IAsyncDisposable
{
    private readonly LibvirtConnection _connection;
    private readonly string _baseName;
    private readonly SemaphoreSlim _restoring = new(1, 1);
    private int _copies;
    private int _disposed;

    private readonly string? _savedUuid;

    private readonly MachineFiles? _files;

    internal VirtualMachineSnapshot(LibvirtConnection connection, string baseName, string savedXml, string statePath, MachineFiles? files, string? savedUuid)
    {
        this._savedUuid = savedUuid;
        this._files = files;
        var directory = Path.GetDirectoryName(statePath)!;
        this._connection = connection;
        this._baseName = baseName;
        SavedXml = savedXml;
        StatePath = statePath;
        Directory = directory;
    }

    /// <summary>The domain XML stored in the saved state.</summary>
    public string SavedXml { get; }

    public string StatePath { get; }

    /// <summary>The saved VM's folder: gold disks, NVRAM and the state file.</summary>
    public string Directory { get; }

    /// <summary>Size of the saved memory image in bytes.</summary>
    public long StateBytes => new FileInfo(StatePath).Length;

    /// <summary>Restores a fresh, running copy named <c>&lt;saved name&gt;-cN</c> with its own disks, NVRAM, port and sockets.</summary>
    public async Task<VirtualMachine> RestoreCopyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var number = Interlocked.Increment(ref _copies);
        var name = $"{_baseName}-c{number}";
        var run = RunId.TryParseFromName(_baseName) ?? throw new InvalidOperationException($"'{_baseName}' is not a veilorqa-<runid>-<role> name.");
        var uuid = Guid.NewGuid();
        var copyFiles = MachineFiles.Create(run, name[(run.ResourcePrefix.Length + 1)..], uuid);
        var directory = copyFiles.Directory;
        try
        {
            var port = VirtualMachineXml.SshPort(SavedXml) is null ? (int?)null : FreeLoopbackPort();
            // libvirt restores a state only under the name and UUID stored in it, and two running domains
            // cannot share either: each copy writes its own XML into the saved file just before restoring
            // (restores are serialised; QEMU has read the file when restore returns).
            var xml = VirtualMachineXml.ForCopy(SavedXml, name, uuid, Directory, directory, port);
            await PrepareFilesAsync(directory, cancellationToken);
            await CopyTpmStateAsync(copyFiles.TpmStateDirectory, cancellationToken);
            await _restoring.WaitAsync(cancellationToken);
            try
            {
                await SavedStateImage.ReplaceDomainXmlAsync(StatePath, xml, cancellationToken);
                return await VirtualMachine.RestoreAsync(_connection, StatePath, xml, copyFiles, cancellationToken);
            }
            finally
            {
                _restoring.Release();
            }
        }
        catch
        {
            copyFiles.Remove();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibvirtHostPaths.DeleteDomainFiles(_baseName, _savedUuid);
            if (_files is not null)
            {
                _files.Remove();
            }
            else if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }

            _restoring.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Gives the copy its own copy of the saved VM's swtpm state, when libvirt kept it (<c>persistent_state='yes'</c>).</summary>
    /// <remarks>With state present libvirt skips <c>swtpm_setup</c>, which costs most of a restore (0.8 of 1.5 s here).</remarks>
    private async Task CopyTpmStateAsync(string copyStateDirectory, CancellationToken cancellationToken)
    {
        if (_savedUuid is null || !System.IO.Directory.Exists(LibvirtHostPaths.SwtpmState(_savedUuid)))
        {
            return;
        }

        await ExternalCommand.RunCheckedAsync(
            "cp",
            ["-a", "--", LibvirtHostPaths.SwtpmState(_savedUuid), copyStateDirectory],
            TimeSpan.FromMinutes(1),
            cancellationToken: cancellationToken);
    }

    /// <summary>Gives the copy its own writable files: qcow2 overlays on the gold disks, copies of everything else the saved VM wrote (NVRAM, TPM state, raw volumes).</summary>
    private async Task PrepareFilesAsync(string directory, CancellationToken cancellationToken)
    {
        var golds = VirtualMachineXml.WritableDisks(SavedXml)
            .Where(d => d.Format == "qcow2" && IsUnder(d.Path, Directory))
            .Select(d => Path.GetFullPath(d.Path))
            .ToHashSet();
        foreach (var gold in golds)
        {
            var overlay = Path.Combine(directory, Path.GetRelativePath(Directory, gold));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(overlay)!);
            await ExternalCommand.RunCheckedAsync(
                "qemu-img",
                ["create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", gold, overlay],
                TimeSpan.FromSeconds(30),
                cancellationToken: cancellationToken);
        }

        // cp -a keeps owners: swtpm (user tss) must be able to write its copied state.
        var hostOnly = VirtualMachineXml.HostEndpoints(SavedXml).Select(Path.GetFullPath).ToHashSet();
        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(Directory))
        {
            var full = Path.GetFullPath(entry);
            if (golds.Contains(full) || full == Path.GetFullPath(StatePath) || hostOnly.Contains(full))
            {
                continue;
            }

            await ExternalCommand.RunCheckedAsync(
                "cp",
                ["-a", "--", full, Path.Combine(directory, Path.GetFileName(full))],
                TimeSpan.FromMinutes(2),
                cancellationToken: cancellationToken);
        }
    }

    private static bool IsUnder(string path, string directory) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(directory).TrimEnd('/') + "/", StringComparison.Ordinal);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
