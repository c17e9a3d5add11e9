namespace VeilorQA.Harness.Libvirt;

/// <summary>Files the local system libvirtd keeps per domain outside the domain XML (Debian's default layout).</summary>
/// <remarks>Only meaningful for a local <c>qemu:///system</c>; over <c>qemu+ssh://</c> these live on the remote host.</remarks>
public static class LibvirtHostPaths
{
    /// <summary>Folder of QEMU's per-domain logs (<c>NAME.log</c>).</summary>
    public const string QemuLogs = "/var/log/libvirt/qemu";

    /// <summary>Folder of swtpm's per-domain logs (<c>NAME-swtpm.log</c>).</summary>
    public const string SwtpmLogs = "/var/log/swtpm/libvirt/qemu";

    /// <summary>Folder of swtpm state, one sub-folder per domain UUID.</summary>
    public const string SwtpmStates = "/var/lib/libvirt/swtpm";

    public static string QemuLog(string domainName) => Path.Combine(QemuLogs, domainName + ".log");

    public static string SwtpmLog(string domainName) => Path.Combine(SwtpmLogs, domainName + "-swtpm.log");

    /// <summary>The TPM state of a domain; survives the domain only with <c>persistent_state='yes'</c>.</summary>
    public static string SwtpmState(string uuid) => Path.Combine(SwtpmStates, uuid);

    /// <summary>Deletes a domain's logs and TPM state folder; what does not exist is skipped.</summary>
    public static void DeleteDomainFiles(string domainName, string? uuid)
    {
        foreach (var file in new[] { QemuLog(domainName), SwtpmLog(domainName) })
        {
            if (File.Exists(file))
            {
                File.Delete(file);
            }
        }

        if (!string.IsNullOrEmpty(uuid) && Directory.Exists(SwtpmState(uuid)))
        {
            Directory.Delete(SwtpmState(uuid), recursive: true);
        }
    }
}
