namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>host-v1 <c>BootEntryOstree</c>: the ostree deployment behind a boot entry.</summary>
public sealed record BootcOstreeEntry(string Checksum, int DeploySerial, string? Stateroot);
