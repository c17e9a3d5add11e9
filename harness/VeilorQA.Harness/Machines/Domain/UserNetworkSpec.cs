namespace VeilorQA.Harness.Machines.Domain;

/// <summary>QEMU user-mode networking (guest 10.0.2.15/24, no host privileges) with loopback port forwards.</summary>
/// <remarks>libvirt 9.0 has no passt backend, so this is emitted as <c>&lt;qemu:commandline&gt;</c> arguments.</remarks>
/// <param name="Forwards">Port forwards; the one to guest port 22 is the SSH port.</param>
/// <param name="MacAddress">The guest NIC's MAC address.</param>
public sealed record UserNetworkSpec(IReadOnlyList<PortForward> Forwards, string MacAddress)
{
    /// <summary>Host port forwarded to the guest's port 22, or null.</summary>
    public int? SshHostPort => Forwards.FirstOrDefault(f => f.GuestPort == 22)?.HostPort;
}
