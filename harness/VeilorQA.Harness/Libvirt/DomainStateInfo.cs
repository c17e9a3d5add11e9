namespace VeilorQA.Harness.Libvirt;

/// <summary>A domain's state and libvirt's reason code for it (meaning depends on the state, e.g. paused by user = 1).</summary>
public sealed record DomainStateInfo(DomainState State, int Reason)
{
    public override string ToString() => $"{State} (reason {Reason})";
}
