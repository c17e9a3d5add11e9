namespace VeilorQA.Harness.Machines.Domain;

/// <summary>A TCP port forward from 127.0.0.1:<paramref name="HostPort"/> into the guest's <paramref name="GuestPort"/>.</summary>
public sealed record PortForward(int HostPort, int GuestPort);
