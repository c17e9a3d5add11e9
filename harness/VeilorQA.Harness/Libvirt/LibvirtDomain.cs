using System.Runtime.InteropServices;
using System.Text.Json;
using VeilorQA.Harness.Libvirt.Native;

namespace VeilorQA.Harness.Libvirt;

/// <summary>A handle to one libvirt domain. Disposing frees the handle only; the domain itself lives on.</summary>
public sealed unsafe class LibvirtDomain : IDisposable
{
    /// <summary>libvirt accepts at most this many keycodes in one send-key call.</summary>
    public const int MaxKeysPerSend = 16;

    private const uint KeycodeSetLinux = 0;
    private const uint AffectLive = 1;
    private const int ScreenshotChunk = 256 * 1024;

    private readonly LibvirtConnection _connection;
    private readonly SafeDomainHandle _handle;

    internal LibvirtDomain(LibvirtConnection connection, SafeDomainHandle handle)
    {
        this._connection = connection;
        this._handle = handle;
        Name = Marshal.PtrToStringUTF8(LibvirtNative.virDomainGetName(handle)) ?? string.Empty;
        var uuid = stackalloc byte[37];
        Uuid = LibvirtNative.virDomainGetUUIDString(handle, uuid) == 0
            ? Marshal.PtrToStringUTF8((nint)uuid) ?? string.Empty
            : string.Empty;
    }

    public string Name { get; }

    public string Uuid { get; }

    public DomainStateInfo GetState()
    {
        Check(LibvirtNative.virDomainGetState(_handle, out var state, out var reason, 0), "virDomainGetState");
        return new DomainStateInfo((DomainState)state, reason);
    }

    public bool IsActive => CheckBool(LibvirtNative.virDomainIsActive(_handle), "virDomainIsActive");

    /// <summary>True when libvirt keeps a definition after the domain stops (defined, not created transiently).</summary>
    public bool IsPersistent => CheckBool(LibvirtNative.virDomainIsPersistent(_handle), "virDomainIsPersistent");

    /// <summary>Starts a defined domain.</summary>
    public void Start() => Check(LibvirtNative.virDomainCreate(_handle), "virDomainCreate");

    /// <summary>Asks the guest to shut down (ACPI power button); returns at once.</summary>
    public void Shutdown() => Check(LibvirtNative.virDomainShutdown(_handle), "virDomainShutdown");

    /// <summary>Pulls the plug.</summary>
    public void Destroy() => Check(LibvirtNative.virDomainDestroy(_handle), "virDomainDestroy");

    /// <summary>Asks the guest to reboot.</summary>
    public void Reboot() => Check(LibvirtNative.virDomainReboot(_handle, 0), "virDomainReboot");

    /// <summary>Presses the reset button: no guest involvement.</summary>
    public void Reset() => Check(LibvirtNative.virDomainReset(_handle, 0), "virDomainReset");

    /// <summary>Pauses the vCPUs.</summary>
    public void Suspend() => Check(LibvirtNative.virDomainSuspend(_handle), "virDomainSuspend");

    public void Resume() => Check(LibvirtNative.virDomainResume(_handle), "virDomainResume");

    /// <summary>Wakes a guest from S3 (QMP system_wakeup); no guest agent needed.</summary>
    public void PmWakeup() => Check(LibvirtNative.virDomainPMWakeup(_handle, 0), "virDomainPMWakeup");

    /// <summary>Presses keys together (Linux input keycodes), holds them <paramref name="holdMilliseconds"/>, releases them.</summary>
    public void SendKeys(IReadOnlyList<uint> linuxKeycodes, uint holdMilliseconds = 0)
    {
        if (linuxKeycodes.Count is 0 or > MaxKeysPerSend)
        {
            throw new ArgumentException($"send-key takes 1 to {MaxKeysPerSend} keycodes, got {linuxKeycodes.Count}.", nameof(linuxKeycodes));
        }

        var codes = linuxKeycodes.ToArray();
        fixed (uint* p = codes)
        {
            Check(LibvirtNative.virDomainSendKey(_handle, KeycodeSetLinux, holdMilliseconds, p, codes.Length, 0), "virDomainSendKey");
        }
    }

    /// <summary>Captures screen 0 through a libvirt stream.</summary>
    public LibvirtScreenshot Screenshot()
    {
        using var stream = LibvirtNative.virStreamNew(_connection.Handle, 0);
        if (stream.IsInvalid)
        {
            throw LibvirtException.FromLastError("virStreamNew");
        }

        var mime = Libc.TakeString(LibvirtNative.virDomainScreenshot(_handle, stream, 0, 0))
            ?? throw LibvirtException.FromLastError($"virDomainScreenshot({Name})");
        using var data = new MemoryStream();
        var buffer = new byte[ScreenshotChunk];
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = LibvirtNative.virStreamRecv(stream, p, (nuint)buffer.Length);
                if (n == 0)
                {
                    break;
                }

                if (n < 0)
                {
                    var error = LibvirtException.FromLastError($"virStreamRecv(screenshot of {Name})");
                    LibvirtNative.virStreamAbort(stream);
                    throw error;
                }

                data.Write(buffer, 0, n);
            }
        }

        Check(LibvirtNative.virStreamFinish(stream), "virStreamFinish");
        return new LibvirtScreenshot(mime, data.ToArray());
    }

    /// <summary>Saves the running domain's memory and device state to a file and stops it; <paramref name="alternateXml"/> replaces the stored definition.</summary>
    public void Save(string path, string? alternateXml = null, SavedStateStart start = SavedStateStart.AsSaved) =>
        Check(LibvirtNative.virDomainSaveFlags(_handle, path, alternateXml, (uint)start), $"virDomainSaveFlags({path})");

    /// <summary>Hot-plugs a device into the running domain (live only).</summary>
    public void AttachDevice(string deviceXml) =>
        Check(LibvirtNative.virDomainAttachDeviceFlags(_handle, deviceXml, AffectLive), "virDomainAttachDeviceFlags");

    /// <summary>Hot-unplugs a device from the running domain (live only); the XML must identify it (alias or address).</summary>
    public void DetachDevice(string deviceXml) =>
        Check(LibvirtNative.virDomainDetachDeviceFlags(_handle, deviceXml, AffectLive), "virDomainDetachDeviceFlags");

    public string GetXml(DomainXmlFlags flags = DomainXmlFlags.None) =>
        Libc.TakeString(LibvirtNative.virDomainGetXMLDesc(_handle, (uint)flags))
        ?? throw LibvirtException.FromLastError($"virDomainGetXMLDesc({Name})");

    /// <summary>Sends a QMP command (JSON text) to QEMU's monitor and returns QEMU's JSON reply (<c>{"return": ...}</c>).</summary>
    /// <remarks>Bypasses libvirt's view of the domain: use for queries and for what libvirt has no API for.</remarks>
    /// <exception cref="QmpCommandException">QEMU replied with an error object.</exception>
    public string QemuMonitorCommand(string qmpJson)
    {
        if (LibvirtQemuNative.virDomainQemuMonitorCommand(_handle, qmpJson, out var result, 0) < 0)
        {
            throw LibvirtException.FromLastError($"virDomainQemuMonitorCommand({Name})");
        }

        var reply = Libc.TakeString(result) ?? string.Empty;
        using var document = JsonDocument.Parse(reply);
        if (document.RootElement.TryGetProperty("error", out var error))
        {
            throw new QmpCommandException(
                qmpJson,
                error.TryGetProperty("class", out var c) ? c.GetString() ?? "?" : "?",
                error.TryGetProperty("desc", out var d) ? d.GetString() ?? string.Empty : error.GetRawText());
        }

        return reply;
    }

    /// <summary>Removes the persistent definition (a running domain becomes transient).</summary>
    public void Undefine(UndefineFlags flags = UndefineFlags.None) =>
        Check(LibvirtNative.virDomainUndefineFlags(_handle, (uint)flags), "virDomainUndefineFlags");

    public void Dispose() => _handle.Dispose();

    public override string ToString() => Name;

    private void Check(int result, string operation)
    {
        if (result < 0)
        {
            throw LibvirtException.FromLastError($"{operation}({Name})");
        }
    }

    private bool CheckBool(int result, string operation)
    {
        Check(result, operation);
        return result == 1;
    }
}
