using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using VeilorQA.Harness.Libvirt.Native;

namespace VeilorQA.Harness.Libvirt;

/// <summary>An open libvirt connection: domain operations and lifecycle events.</summary>
/// <remarks>Calls block on libvirt's RPC; callers that must not block wrap them in <c>Task.Run</c>.</remarks>
public sealed unsafe class LibvirtConnection : IDisposable, IAsyncDisposable
{
    private const int LifecycleEventId = 0;
    private const uint DefineValidate = 1;
    private const uint StartValidate = 16;

    private readonly SafeConnectionHandle _handle;
    private readonly Lock _subscribersGate = new();
    private readonly int _lifecycleCallbackId;
    private DomainEventSubscription[] _subscribers = [];
    private int _disposed;

    private LibvirtConnection(SafeConnectionHandle handle, string uri)
    {
        this._handle = handle;
        Uri = uri;
        var self = GCHandle.Alloc(this, GCHandleType.Normal);
        _lifecycleCallbackId = LibvirtNative.virConnectDomainEventRegisterAny(handle, 0, LifecycleEventId, &OnLifecycle, GCHandle.ToIntPtr(self), &FreeSelf);
        if (_lifecycleCallbackId < 0)
        {
            var error = LibvirtException.FromLastError("virConnectDomainEventRegisterAny(lifecycle)");
            self.Free();
            handle.Dispose();
            throw error;
        }
    }

    /// <summary>The URI this connection was opened with.</summary>
    public string Uri { get; }

    /// <summary>Raised on the thread pool for every lifecycle event of any domain on this connection.</summary>
    public event EventHandler<DomainLifecycleEvent>? DomainLifecycleChanged;

    internal SafeConnectionHandle Handle => _handle;

    /// <summary>Opens a connection (event loop and keepalive included).</summary>
    /// <exception cref="LibvirtException">libvirt is not reachable at the URI; the message says how to start it.</exception>
    /// <exception cref="ArgumentException">A remote URI without a pinned host key or key file, or with one missing; names it.</exception>
    public static LibvirtConnection Open(LibvirtOptions? options = null)
    {
        options = (options ?? LibvirtOptions.FromEnvironment()).Validate();
        LibvirtRuntime.EnsureInitialized();
        // A remote URI reaches libvirt with its host key pinned (Remote.LibvirtUri); a local one unchanged.
        var handle = LibvirtNative.virConnectOpen(Remote.LibvirtUri.ForLibvirtIfRemote(options.Uri));
        if (handle.IsInvalid)
        {
            throw LibvirtException.FromLastError(
                $"virConnectOpen({options.Uri})",
                $"libvirt at {options.Uri} is not reachable: is libvirtd running? (scripts/setup.sh starts it)");
        }

        var connection = new LibvirtConnection(handle, options.Uri);
        if (options.KeepAliveIntervalSeconds > 0)
        {
            connection.EnableKeepAlive(options.KeepAliveIntervalSeconds, options.KeepAliveCount);
        }

        return connection;
    }

    /// <summary>Starts a transient domain from XML (gone from libvirt once it stops).</summary>
    public LibvirtDomain CreateTransient(string xml, bool validate = true)
    {
        var domain = LibvirtNative.virDomainCreateXML(_handle, xml, validate ? StartValidate : 0);
        return Wrap(domain, "virDomainCreateXML");
    }

    /// <summary>Defines a persistent domain from XML without starting it.</summary>
    public LibvirtDomain Define(string xml, bool validate = true)
    {
        var domain = LibvirtNative.virDomainDefineXMLFlags(_handle, xml, validate ? DefineValidate : 0);
        return Wrap(domain, "virDomainDefineXML");
    }

    /// <summary>Looks a domain up by name; throws <see cref="LibvirtException"/> with <see cref="LibvirtErrorCode.NoDomain"/> when absent.</summary>
    public LibvirtDomain Lookup(string name) => Wrap(LibvirtNative.virDomainLookupByName(_handle, name), $"virDomainLookupByName({name})");

    /// <summary>Looks a domain up by name; null when there is none.</summary>
    public LibvirtDomain? TryLookup(string name)
    {
        try
        {
            return Lookup(name);
        }
        catch (LibvirtException e) when (e.Code == LibvirtErrorCode.NoDomain)
        {
            return null;
        }
    }

    /// <summary>All domains, running or defined; the caller disposes them.</summary>
    public IReadOnlyList<LibvirtDomain> ListAll()
    {
        ThrowIfDisposed();
        var count = LibvirtNative.virConnectListAllDomains(_handle, out var array, 0);
        if (count < 0)
        {
            throw LibvirtException.FromLastError("virConnectListAllDomains");
        }

        try
        {
            var domains = new List<LibvirtDomain>(count);
            for (var i = 0; i < count; i++)
            {
                domains.Add(new LibvirtDomain(this, new SafeDomainHandle(array[i])));
            }

            return domains;
        }
        finally
        {
            Libc.Free((nint)array);
        }
    }

    /// <summary>Restores a saved domain, optionally with rewritten XML (own name, disks, ports); returns the running domain.</summary>
    /// <remarks>The alternate XML must keep the saved domain's devices ABI-compatible; only paths, names and host-side settings may change.</remarks>
    public LibvirtDomain Restore(string savedStatePath, string? alternateXml = null, SavedStateStart start = SavedStateStart.AsSaved, string? restoredName = null)
    {
        ThrowIfDisposed();
        if (LibvirtNative.virDomainRestoreFlags(_handle, savedStatePath, alternateXml, (uint)start) < 0)
        {
            throw LibvirtException.FromLastError($"virDomainRestoreFlags({savedStatePath})");
        }

        var name = restoredName ?? DomainXmlName.Read(alternateXml ?? GetSavedStateXml(savedStatePath));
        return Lookup(name);
    }

    /// <summary>The domain XML stored inside a saved-state file (libvirt's <c>save-image-dumpxml</c>).</summary>
    public string GetSavedStateXml(string savedStatePath, bool secure = true)
    {
        ThrowIfDisposed();
        var xml = Libc.TakeString(LibvirtNative.virDomainSaveImageGetXMLDesc(_handle, savedStatePath, secure ? 1u : 0u));
        return xml ?? throw LibvirtException.FromLastError($"virDomainSaveImageGetXMLDesc({savedStatePath})");
    }

    /// <summary>Subscribes to lifecycle events, of one domain or (null) of all.</summary>
    public DomainEventSubscription SubscribeLifecycle(string? domainName = null)
    {
        ThrowIfDisposed();
        var subscription = new DomainEventSubscription(domainName, Unsubscribe);
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, subscription];
        }

        return subscription;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Deregistering lets libvirt call FreeSelf, which releases the GCHandle keeping this object reachable.
        LibvirtNative.virConnectDomainEventDeregisterAny(_handle, _lifecycleCallbackId);
        LibvirtNative.virResetLastError();
        DomainEventSubscription[] remaining;
        lock (_subscribersGate)
        {
            remaining = _subscribers;
            _subscribers = [];
        }

        foreach (var s in remaining)
        {
            s.Complete();
        }

        _handle.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal LibvirtDomain Wrap(SafeDomainHandle domain, string operation)
    {
        if (domain.IsInvalid)
        {
            var error = LibvirtException.FromLastError(operation);
            domain.Dispose();
            throw error;
        }

        return new LibvirtDomain(this, domain);
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private void EnableKeepAlive(int interval, int count)
    {
        if (LibvirtNative.virConnectSetKeepAlive(_handle, interval, (uint)count) < 0)
        {
            var error = LibvirtException.FromLastError("virConnectSetKeepAlive");
            // In-process drivers (test:///, some local ones) have no keepalive; there is no peer to lose.
            if (error.Code != LibvirtErrorCode.NoSupport)
            {
                Dispose();
                throw error;
            }
        }
    }

    private void Unsubscribe(DomainEventSubscription subscription)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    private void Publish(DomainLifecycleEvent e)
    {
        foreach (var s in Volatile.Read(ref _subscribers))
        {
            s.Offer(e);
        }

        if (DomainLifecycleChanged is { } handler)
        {
            // Handlers may call libvirt again; doing that on the event loop thread could stall event delivery.
            ThreadPool.QueueUserWorkItem(_ => handler(this, e));
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnLifecycle(nint conn, nint dom, int kind, int detail, nint opaque)
    {
        try
        {
            if (GCHandle.FromIntPtr(opaque).Target is LibvirtConnection connection)
            {
                var name = Marshal.PtrToStringUTF8(LibvirtNative.virDomainGetName(dom)) ?? string.Empty;
                connection.Publish(new DomainLifecycleEvent(name, (DomainLifecycleKind)kind, detail, DateTimeOffset.UtcNow));
            }
        }
        catch (Exception)
        {
            // An exception must never unwind into libvirt's C event loop.
        }

        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeSelf(nint opaque) => GCHandle.FromIntPtr(opaque).Free();
}
