using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Infrastructure;
using VeilorQA.Harness.Waiting;

namespace VeilorQA.Harness.Machines.TinyGuest;

/// <summary>Builds (once, into the cache) a tiny guest for the harness's own VM tests: Debian's kernel plus a busybox/dropbear initramfs.</summary>
/// <remarks>
/// The kernel comes from the <c>linux-image-amd64</c> dependency Debian serves now (<c>apt-get download</c>
/// + <c>dpkg-deb -x</c>, nothing installed); busybox and dropbear come from the host's <c>busybox-static</c>
/// and <c>dropbear-bin</c>. The cache key hashes the recipe, the kernel package version and those binaries,
/// so an update of any of them builds a new guest. A file lock keeps concurrent runs from building twice.
/// </remarks>
public static partial class TinyGuest
{
    /// <summary>Bump when the recipe changes in a way the hashed inputs do not show.</summary>
    private const string RecipeVersion = "tiny-guest-1";

    /// <summary>Modules loaded at boot (with their dependencies); tpm_crb, serial and efi are built into Debian's kernel.</summary>
    public static readonly IReadOnlyList<string> Modules =
    [
        "virtio_pci", "virtio_net", "virtio_blk", "virtio_console", "virtio_rng",
        "9pnet_virtio", "9p", "efivarfs",
        "xhci_pci", "usb_storage", "sd_mod", "sr_mod", "ahci", "usbhid", "hid_generic", "evdev",
        "vfat", "nls_cp437", "nls_iso8859_1", "isofs",
        "bochs", "virtio_gpu", "qxl",
    ];

    private const string Busybox = "/bin/busybox";
    private const string Dropbear = "/usr/sbin/dropbear";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The cache folder of tiny guests.</summary>
    public static string CacheRoot => Path.Combine(HarnessPaths.Cache, "tiny-guest");

    /// <summary>Returns the cached guest for the current recipe, building it first when missing.</summary>
    public static async Task<TinyGuestImage> EnsureBuiltAsync(CancellationToken cancellationToken = default)
    {
        foreach (var tool in new[] { "apt-get", "apt-cache", "dpkg-deb", "depmod", "cpio", "gzip", "ssh-keygen", "dropbearkey", Busybox, Dropbear })
        {
            if (!(tool.StartsWith('/') ? File.Exists(tool) : ExternalCommand.IsOnPath(tool)))
            {
                throw new InvalidOperationException($"Building the tiny guest needs '{tool}' (Debian packages: apt, dpkg, kmod, cpio, gzip, openssh-client, dropbear-bin, busybox-static).");
            }
        }

        var (package, version) = await ResolveKernelPackageAsync(cancellationToken);
        var key = CacheKey(package, version);
        var directory = Path.Combine(CacheRoot, key);
        var image = ImageIn(directory, package);
        if (IsComplete(image))
        {
            return image;
        }

        Directory.CreateDirectory(CacheRoot);
        await using var buildLock = await AcquireLockAsync(Path.Combine(CacheRoot, key + ".lock"), cancellationToken);
        if (IsComplete(image))
        {
            return image;
        }

        var staging = Path.Combine(CacheRoot, $"{key}.building-{Environment.ProcessId}");
        DeleteDirectory(staging);
        Directory.CreateDirectory(staging);
        try
        {
            await BuildAsync(staging, package, version, cancellationToken);
            DeleteDirectory(directory);
            Directory.Move(Path.Combine(staging, "out"), directory);
        }
        finally
        {
            DeleteDirectory(staging);
        }

        return image;
    }

    private static TinyGuestImage ImageIn(string directory, string kernelPackage) =>
        new(Path.Combine(directory, "vmlinuz"), Path.Combine(directory, "initrd.img"), Path.Combine(directory, "id_ed25519"),
            kernelPackage["linux-image-".Length..], directory);

    private static bool IsComplete(TinyGuestImage image) =>
        File.Exists(image.KernelPath) && File.Exists(image.InitrdPath) && File.Exists(image.SshPrivateKeyPath);

    private static async Task<(string Package, string Version)> ResolveKernelPackageAsync(CancellationToken cancellationToken)
    {
        var depends = await ExternalCommand.RunCheckedAsync("apt-cache", ["depends", "linux-image-amd64"], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        var package = KernelDependency().Match(depends);
        if (!package.Success)
        {
            throw new InvalidOperationException($"apt-cache names no linux-image-*-amd64 for linux-image-amd64 (is the apt index there? run apt-get update): {depends.Trim()}");
        }

        var show = await ExternalCommand.RunCheckedAsync("apt-cache", ["show", "--no-all-versions", package.Groups[1].Value], TimeSpan.FromSeconds(60), cancellationToken: cancellationToken);
        var version = VersionLine().Match(show);
        return (package.Groups[1].Value, version.Success ? version.Groups[1].Value : "unknown");
    }

    private static string CacheKey(string package, string version)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { RecipeVersion, package, version, TinyGuestScripts.Init, TinyGuestScripts.Udhcpc, TinyGuestScripts.Profile, string.Join(',', Modules) })
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part + "\n"));
        }

        hash.AppendData(File.ReadAllBytes(Busybox));
        hash.AppendData(File.ReadAllBytes(Dropbear));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    private static async Task BuildAsync(string staging, string package, string version, CancellationToken ct)
    {
        var kernelVersion = package["linux-image-".Length..];
        var downloads = Path.Combine(staging, "deb");
        var extracted = Path.Combine(staging, "kernel");
        var root = Path.Combine(staging, "root");
        var output = Path.Combine(staging, "out");
        Directory.CreateDirectory(downloads);
        Directory.CreateDirectory(output);

        // apt-get download writes into the working folder; run it through sh to set that.
        await Run("sh", ["-c", $"cd '{downloads}' && apt-get download -q '{package}={version}'"], ct);
        var deb = Directory.GetFiles(downloads, "*.deb").Single();
        await Run("dpkg-deb", ["-x", deb, extracted], ct);
        File.Copy(Path.Combine(extracted, "boot", "vmlinuz-" + kernelVersion), Path.Combine(output, "vmlinuz"));
        await Run("depmod", ["-b", extracted, kernelVersion], ct);

        foreach (var dir in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc/dropbear", "root/.ssh", "proc", "sys", "dev", "run", "tmp", "var/log", "mnt" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
        }

        File.Copy(Busybox, Path.Combine(root, "bin", "busybox"));
        SetMode(Path.Combine(root, "bin", "busybox"), (UnixFileMode)0x1ED);
        await CopyModulesAsync(extracted, root, kernelVersion, ct);
        await CopyWithLibrariesAsync(Dropbear, root, ct);

        WriteScript(root, "init", TinyGuestScripts.Init);
        WriteScript(root, "etc/udhcpc.script", TinyGuestScripts.Udhcpc);
        File.WriteAllText(Path.Combine(root, "etc/profile"), TinyGuestScripts.Profile.ReplaceLineEndings("\n") + "\n");
        File.WriteAllText(Path.Combine(root, "etc/veilorqa-modules"), string.Join('\n', Modules) + "\n");
        File.WriteAllText(Path.Combine(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(root, "etc/shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(root, "etc/group"), "root:x:0:\ntty:x:5:\n");
        // dropbear refuses users whose shell is not listed here.
        File.WriteAllText(Path.Combine(root, "etc/shells"), "/bin/sh\n");

        var key = Path.Combine(output, "id_ed25519");
        await Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "veilorqa-tiny-guest", "-f", key], ct);
        File.Copy(key + ".pub", Path.Combine(root, "root/.ssh/authorized_keys"));
        SetMode(Path.Combine(root, "root/.ssh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        SetMode(Path.Combine(root, "root"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // A host key made now saves seconds of key generation per boot under TCG.
        await Run("dropbearkey", ["-t", "ed25519", "-f", Path.Combine(root, "etc/dropbear/dropbear_ed25519_host_key")], ct);

        await Run("sh", ["-c", $"cd '{root}' && find . -print0 | cpio --null --quiet -o -H newc -R 0:0 | gzip -6 > '{Path.Combine(output, "initrd.img")}'"], ct);
    }

    private static async Task CopyModulesAsync(string extracted, string root, string kernelVersion, CancellationToken ct)
    {
        var source = Path.Combine(extracted, "lib", "modules", kernelVersion);
        var dependencies = File.ReadAllLines(Path.Combine(source, "modules.dep"))
            .Select(l => l.Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var byName = dependencies.Keys.ToDictionary(p => Path.GetFileNameWithoutExtension(p).Replace('-', '_'), p => p);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in Modules)
        {
            if (!byName.TryGetValue(module.Replace('-', '_'), out var path))
            {
                if (IsBuiltIn(source, module))
                {
                    continue;
                }

                throw new InvalidOperationException($"Kernel {kernelVersion} has no module '{module}' (neither loadable nor built in).");
            }

            wanted.Add(path);
            wanted.UnionWith(dependencies[path]);
        }

        var target = Path.Combine(root, "lib", "modules", kernelVersion);
        foreach (var relative in wanted)
        {
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(source, relative), destination);
        }

        foreach (var file in new[] { "modules.order", "modules.builtin", "modules.builtin.modinfo" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        }

        await Run("depmod", ["-b", root, kernelVersion], ct);
    }

    private static bool IsBuiltIn(string modulesDirectory, string module) =>
        File.ReadLines(Path.Combine(modulesDirectory, "modules.builtin"))
            .Any(l => Path.GetFileNameWithoutExtension(l).Replace('-', '_') == module.Replace('-', '_'));

    private static async Task CopyWithLibrariesAsync(string program, string root, CancellationToken ct)
    {
        CopyInto(program, root);
        var ldd = await ExternalCommand.RunCheckedAsync("ldd", [program], StepTimeout, cancellationToken: ct);
        foreach (Match library in LibraryPath().Matches(ldd))
        {
            CopyInto(library.Groups[1].Value, root);
        }
    }

    private static void CopyInto(string hostPath, string root)
    {
        // Resolve symlinks so the initramfs holds the real file under the name the loader asks for.
        var real = new FileInfo(hostPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? hostPath;
        var destination = Path.Combine(root, hostPath.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(real, destination, overwrite: true);
    }

    private static void WriteScript(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        SetMode(path, (UnixFileMode)0x1ED);
    }

    private static Task Run(string program, IEnumerable<string> arguments, CancellationToken ct) =>
        ExternalCommand.RunCheckedAsync(program, arguments, StepTimeout, cancellationToken: ct);

    /// <exception cref="WaitTimeoutException">Another build held the lock for <see cref="StepTimeout"/>; carries the last refusal.</exception>
    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct) =>
        (await new Poll($"the tiny guest's build lock {path} (another build holds it)", StepTimeout).Every(TimeSpan.FromMilliseconds(500))
            .RetryingOn<IOException>()
            .UntilAsync(_ => Task.FromResult(PollOutcome<FileStream>.Done(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))), ct)).Value;

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    [GeneratedRegex(@"Depends:\s*(linux-image-[0-9][^\s]*-amd64)\b")]
    private static partial Regex KernelDependency();

    [GeneratedRegex(@"^Version:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"(/\S+\.so[.\d]*)\s+\(0x")]
    private static partial Regex LibraryPath();
}
