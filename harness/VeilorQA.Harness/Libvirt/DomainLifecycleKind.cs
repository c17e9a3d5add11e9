namespace VeilorQA.Harness.Libvirt;

/// <summary>libvirt's <c>virDomainEventType</c>: what happened to a domain.</summary>
public enum DomainLifecycleKind
{
    Defined = 0,
    Undefined = 1,
    Started = 2,
    Suspended = 3,
    Resumed = 4,
    Stopped = 5,
    Shutdown = 6,
    PmSuspended = 7,
    Crashed = 8,
}
