using System.Threading.Channels;

namespace VeilorQA.Harness.Libvirt;

/// <summary>Lifecycle events of one domain (or of all, when no name was given) as a channel; dispose to stop receiving.</summary>
public sealed class DomainEventSubscription : IDisposable
{
    private readonly Channel<DomainLifecycleEvent> channel = Channel.CreateUnbounded<DomainLifecycleEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<DomainEventSubscription> unsubscribe;
    private int disposed;

    internal DomainEventSubscription(string? domainName, Action<DomainEventSubscription> unsubscribe)
    {
        DomainName = domainName;
        this.unsubscribe = unsubscribe;
    }

    /// <summary>The domain this subscription listens to, or null for all domains.</summary>
    public string? DomainName { get; }

    public ChannelReader<DomainLifecycleEvent> Events => channel.Reader;

    internal void Offer(DomainLifecycleEvent e)
    {
        if (DomainName is null || DomainName == e.DomainName)
        {
            channel.Writer.TryWrite(e);
        }
    }

    internal void Complete() => channel.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            unsubscribe(this);
            Complete();
        }
    }
}
