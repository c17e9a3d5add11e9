using VeilorQA.Harness.Infrastructure;

namespace VeilorQA.Harness.Install;

/// <summary>The installer kernel and initrd of an ISO (<c>images/pxeboot/{vmlinuz,initrd.img}</c>), for direct kernel boot (kickstart-tests' route).</summary>
public static class PxebootFiles
{
    /// <summary>ISO path of the installer kernel.</summary>
    public const string Kernel = "/images/pxeboot/vmlinuz";

    /// <summary>ISO path of the installer initrd.</summary>
    public const string Initrd = "/images/pxeboot/initrd.img";

    /// <summary>Extracts both into <paramref name="directory"/> with xorriso (no mount, no root needed); names the ISO when either is missing.</summary>
    public static async Task<(string Kernel, string Initrd)> ExtractAsync(string iso, string directory, CancellationToken cancellationToken)
    {
        var kernel = Path.Combine(directory, "vmlinuz");
        var initrd = Path.Combine(directory, "initrd.img");
        var result = await ExternalCommand.RunAsync("xorriso",
            ["-osirrox", "on", "-indev", iso, "-extract", Kernel, kernel, "-extract", Initrd, initrd], TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(kernel) || !File.Exists(initrd))
        {
            throw new FileNotFoundException(
                $"ISO '{iso}' has no {Kernel} and {Initrd} for direct kernel boot (xorriso exit {result.ExitCode}: {result.StandardError.Trim().Split('\n').LastOrDefault()})", iso);
        }

        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in new[] { kernel, initrd })
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        return (kernel, initrd);
    }
}
