using System.Threading.Channels;

namespace VeilorQA.Harness.Libvirt;

/// <summary>Lifecycle events of one domain (or of all, when no name was given) as a channel; dispose to stop receiving.</summary>
public sealed class DomainEventSubscription : IDisposable
{
    private readonly Channel<DomainLifecycleEvent> _channel = Channel.CreateUnbounded<DomainLifecycleEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<DomainEventSubscription> _unsubscribe;
    private int _disposed;

    internal DomainEventSubscription(string? domainName, Action<DomainEventSubscription> unsubscribe)
    {
        DomainName = domainName;
        this._unsubscribe = unsubscribe;
    }

    /// <summary>The domain this subscription listens to, or null for all domains.</summary>
    public string? DomainName { get; }

    public ChannelReader<DomainLifecycleEvent> Events => _channel.Reader;

    internal void Offer(DomainLifecycleEvent e)
    {
        if (DomainName is null || DomainName == e.DomainName)
        {
            _channel.Writer.TryWrite(e);
        }
    }

    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe(this);
            Complete();
        }
    }
}
