namespace VeilorQA.Harness.Libvirt;

/// <summary>A lifecycle event of one domain; <see cref="Detail"/> is libvirt's per-kind detail (e.g. stopped: 0 shutdown, 1 destroyed, 4 saved).</summary>
public sealed record DomainLifecycleEvent(string DomainName, DomainLifecycleKind Kind, int Detail, DateTimeOffset Received)
{
    public override string ToString() => $"{DomainName}: {Kind} (detail {Detail})";
}
