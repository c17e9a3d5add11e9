using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Machines;

/// <summary>A small FAT image labelled <c>OEMDRV</c> (Anaconda reads <c>/ks.cfg</c> from it), built without mounting.</summary>
public static class OemdrvVolume
{
    /// <summary>The volume label Anaconda looks for.</summary>
    public const string Label = "OEMDRV";

    /// <summary>Writes <c>oemdrv.img</c> (mode 0600) in <paramref name="directory"/> holding <paramref name="files"/> (name in the image → host file) and returns its path.</summary>
    public static async Task<string> CreateAsync(string directory, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        foreach (var (name, source) in files)
        {
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"File '{source}' for '{name}' on the {Label} volume does not exist.", source);
            }

            if (name.Contains('/', StringComparison.Ordinal) || name.Length == 0)
            {
                throw new ArgumentException($"'{name}' must be a plain file name in the volume's root.", nameof(files));
            }
        }

        var image = Path.Combine(directory, "oemdrv.img");
        File.Delete(image);
        var payloadKiB = files.Values.Sum(f => new FileInfo(f).Length) / 1024;
        var sizeKiB = Math.Max(2048, payloadKiB * 2 + 1024);
        var timeout = TimeSpan.FromSeconds(60);
        await ExternalCommand.RunCheckedAsync("mkfs.vfat", ["-C", "-n", Label, image, sizeKiB.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout, cancellationToken: cancellationToken);

        // The kickstart on it holds the LUKS passphrase: owner-only before a byte of it is copied in (libvirt's dynamic
        // ownership hands the file to the QEMU user while the VM runs).
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(image, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        foreach (var (name, source) in files)
        {
            await ExternalCommand.RunCheckedAsync("mcopy", ["-o", "-i", image, source, "::/" + name], timeout, cancellationToken: cancellationToken);
        }

        return image;
    }
}
