namespace VeilorQA.Harness.Guest.Deployments;

/// <summary>host-v1 <c>ImageReference</c>: the image, its transport and the signature policy (string, or <c>ostreeRemote:NAME</c>).</summary>
public sealed record BootcImageReference(string Image, string Transport, string? Signature);
