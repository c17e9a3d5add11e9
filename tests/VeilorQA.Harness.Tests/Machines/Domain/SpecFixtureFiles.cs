namespace VeilorQA.Harness.Tests.Machines.Domain;

/// <summary>A temp folder with files that pass the spec's checks (qcow2 magic, ISO 9660 descriptor, kernel, initrd).</summary>
internal sealed class SpecFixtureFiles : IDisposable
{
    public SpecFixtureFiles()
    {
        Directory = Path.Combine(Path.GetTempPath(), VeilorQA.Harness.Infrastructure.RunId.Current.Name("spec-" + Guid.NewGuid().ToString("N")[..8]));
        System.IO.Directory.CreateDirectory(Directory);
        Overlay = Write("disk0.qcow2", [0x51, 0x46, 0x49, 0xFB, 0, 0, 0, 3]);
        var iso = new byte[34816];
        "CD001"u8.ToArray().CopyTo(iso, 32769);
        Iso = Write("installer.iso", iso);
        Kernel = Write("vmlinuz", [1, 2, 3]);
        Initrd = Write("initrd.img", [4, 5, 6]);
        Share = Path.Combine(Directory, "share");
        System.IO.Directory.CreateDirectory(Share);
    }

    public string Directory { get; }

    public string Overlay { get; }

    public string Iso { get; }

    public string Kernel { get; }

    public string Initrd { get; }

    public string Share { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string Write(string name, byte[] content)
    {
        var path = PathOf(name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
