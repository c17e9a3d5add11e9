namespace VeilorQA.Harness.Machines.Firmware;

/// <summary>One file of a firmware build as its descriptor names it: the path and its format (<c>raw</c> or <c>qcow2</c>).</summary>
/// <remarks>Fedora's 4 MiB OVMF builds are qcow2 files and libvirt must be told so (<c>format='qcow2'</c>); Debian's are raw.</remarks>
public sealed record FirmwareImage(string Path, string Format)
{
    public const string Raw = "raw";

    public const string Qcow2 = "qcow2";
}
