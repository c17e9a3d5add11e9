namespace VeilorQA.Harness.Tests.Guest;

/// <summary>A temp directory shaped like part of /sys (files and driver symlinks), removed on dispose.</summary>
internal sealed class SysfsTree : IDisposable
{
    private readonly ScratchDirectory _scratch = new("sysfs");

    public string Root => _scratch.Path;

    public SysfsTree File(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    /// <summary>Like sysfs's <c>device/driver</c>: a relative symlink whose last component is the driver name.</summary>
    public SysfsTree Link(string relativePath, string target)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    public void Dispose() => _scratch.Dispose();
}
