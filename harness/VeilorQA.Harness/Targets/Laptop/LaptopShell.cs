using VeilorQA.Harness.Capabilities;
using VeilorQA.Harness.Channels.Shell;
using VeilorQA.Harness.Matrix.Targets;

namespace VeilorQA.Harness.Targets.Laptop;

/// <summary>A laptop's <see cref="SshShell"/>, made on first use, whose connection failures are <see cref="TargetUnreachableException"/>s naming the target.</summary>
public sealed class LaptopShell : IShell
{
    private readonly LaptopEntry _laptop;
    private readonly Func<SshShellOptions, SshShellOptions> _configure;
    private readonly object _gate = new();
    private SshShell? _inner;
    private int _disposed;

    /// <param name="laptop">The matrix entry.</param>
    /// <param name="configure">Adjusts the options built from the matrix (retry delays, trust store); identity by default.</param>
    public LaptopShell(LaptopEntry laptop, Func<SshShellOptions, SshShellOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(laptop);
        _laptop = laptop;
        _configure = configure ?? (o => o);
    }

    /// <inheritdoc />
    public string Endpoint => $"{_laptop.User}@{HostAndPort}";

    /// <summary><c>host:port</c>.</summary>
    public string HostAndPort => $"{_laptop.Host}:{_laptop.Port}";

    /// <summary>The host key the laptop presented on the last connection.</summary>
    public HostKeyFingerprint? HostKey => _inner?.HostKey;

    /// <summary>Connects now unless connected; one attempt.</summary>
    /// <exception cref="TargetUnreachableException">Unreachable, key rejected, host key changed, key file unusable.</exception>
    public Task ConnectAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().ConnectAsync(cancellationToken));

    /// <summary>Retries connecting with backoff until connected or <paramref name="timeout"/> passes.</summary>
    /// <exception cref="WaitTimeoutException">Nothing answered in time; lists what each attempt saw.</exception>
    /// <exception cref="TargetUnreachableException">Key rejected or host key changed: waiting would not help.</exception>
    public Task WaitUntilReachableAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().WaitUntilReachableAsync(timeout, cancellationToken));

    /// <inheritdoc />
    public Task<ShellResult> RunAsync(string command, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().RunAsync(command, timeout, cancellationToken));

    /// <inheritdoc />
    public Task UploadAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().UploadAsync(localPath, remotePath, cancellationToken));

    /// <inheritdoc />
    public Task DownloadAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().DownloadAsync(remotePath, localPath, cancellationToken));

    /// <inheritdoc />
    public Task ReconnectAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        TranslateAsync(() => Inner().ReconnectAsync(timeout, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        SshShell? inner;
        lock (_gate)
        {
            inner = _inner;
            _inner = null;
        }

        if (inner is not null)
        {
            await inner.DisposeAsync();
        }
    }

    private SshShell Inner()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            return _inner ??= new SshShell(_configure(LaptopShellOptions.From(_laptop)));
        }
    }

    private async Task TranslateAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (SshConnectException e)
        {
            throw TargetUnreachableException.From(_laptop.Name, HostAndPort, e);
        }
    }

    private async Task<T> TranslateAsync<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SshConnectException e)
        {
            throw TargetUnreachableException.From(_laptop.Name, HostAndPort, e);
        }
    }
}
