namespace VeilorQA.Harness.Libvirt;

/// <summary>How to reach libvirt. Remote URIs such as <c>qemu+ssh://user@host/system</c> work unchanged.</summary>
public sealed record LibvirtOptions
{
    /// <summary>The default URI: the local system QEMU driver.</summary>
    public const string DefaultUri = "qemu:///system";

    /// <summary>Environment variable that overrides <see cref="Uri"/>.</summary>
    public const string UriVariable = "VEILORQA_LIBVIRT_URI";

    /// <summary>Connection URI; default <c>qemu:///system</c>.</summary>
    public string Uri { get; init; } = DefaultUri;

    /// <summary>Seconds between keepalive probes on remote connections; 0 disables keepalive. Default 5.</summary>
    public int KeepAliveIntervalSeconds { get; init; } = 5;

    /// <summary>Unanswered probes before libvirt drops the connection. Default 3.</summary>
    public int KeepAliveCount { get; init; } = 3;

    /// <summary>Options from the environment (<c>VEILORQA_LIBVIRT_URI</c>), defaults otherwise.</summary>
    public static LibvirtOptions FromEnvironment()
    {
        var uri = Environment.GetEnvironmentVariable(UriVariable);
        return new LibvirtOptions { Uri = string.IsNullOrWhiteSpace(uri) ? DefaultUri : uri.Trim() };
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public LibvirtOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Uri) || !Uri.Contains(":/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Libvirt URI '{Uri}' is not a URI such as qemu:///system or qemu+ssh://host/system.");
        }

        if (KeepAliveIntervalSeconds < 0 || KeepAliveCount < 0)
        {
            throw new ArgumentException($"Keepalive interval ({KeepAliveIntervalSeconds}) and count ({KeepAliveCount}) must not be negative.");
        }

        return this;
    }
}
