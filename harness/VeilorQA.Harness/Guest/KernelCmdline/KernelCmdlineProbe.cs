using VeilorQA.Harness.Capabilities;

namespace VeilorQA.Harness.Guest.KernelCmdline;

/// <summary>Reads the running kernel command line and the image's kargs.d to compare them.</summary>
public sealed class KernelCmdlineProbe(IShell shell)
{
    public const string ReadCmdline = "cat /proc/cmdline";

    public const string ReadArchitecture = "uname -m";

    public const string KargsDirectory = "/usr/lib/bootc/kargs.d";

    /// <summary>Prints each kargs.d file after a <c>==&gt; path &lt;==</c> header; an image without kargs.d prints nothing.</summary>
    public const string ListImageKargs =
        "for f in " + KargsDirectory + "/*.toml; do [ -f \"$f\" ] || continue; printf '==> %s <==\\n' \"$f\"; cat \"$f\"; echo; done";

    public async Task<KernelCommandLine> ReadAsync(CancellationToken cancellationToken = default) =>
        KernelCommandLine.Parse(await shell.OutputOfAsync(ReadCmdline, cancellationToken));

    public async Task<ImageKernelArgs> ReadImageKargsAsync(CancellationToken cancellationToken = default)
    {
        var arch = await shell.OutputOfAsync(ReadArchitecture, cancellationToken);
        var listing = await shell.OutputOfAsync(ListImageKargs, cancellationToken);
        return ImageKernelArgs.ParseListing(arch, listing);
    }

    /// <summary>The image's kargs that the running kernel did not get (Anaconda's <c>ostree container image deploy</c> skips kargs.d).</summary>
    public async Task<IReadOnlyList<string>> MissingImageKargsAsync(CancellationToken cancellationToken = default)
    {
        var cmdline = await ReadAsync(cancellationToken);
        var image = await ReadImageKargsAsync(cancellationToken);
        return cmdline.Missing(image.Expected);
    }
}
