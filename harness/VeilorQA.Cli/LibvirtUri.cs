namespace VeilorQA.Cli;

/// <summary>The libvirt connection URI: VEILORQA_LIBVIRT_URI or <c>qemu:///system</c>.</summary>
internal static class LibvirtUri
{
    public static string Default => Environment.GetEnvironmentVariable("VEILORQA_LIBVIRT_URI") is { Length: > 0 } uri ? uri : "qemu:///system";
}
