namespace VeilorQA.Harness.Bench;

/// <summary>The host files a bare QEMU run owns (libvirt would own them otherwise), all in one folder of the run.</summary>
/// <param name="Directory">The folder (under the run's folder, so <c>veilorqa reap</c> removes it after a crash).</param>
public sealed record BareMachinePaths(string Directory)
{
    public string Nvram => Path.Combine(Directory, "VARS.fd");

    public string SerialSocket => Path.Combine(Directory, "serial.sock");

    public string SerialLog => Path.Combine(Directory, "serial.log");

    public string TpmState => Path.Combine(Directory, "tpm");

    public string TpmSocket => Path.Combine(Directory, "swtpm.sock");

    public string QemuLog => Path.Combine(Directory, "qemu.log");
}
