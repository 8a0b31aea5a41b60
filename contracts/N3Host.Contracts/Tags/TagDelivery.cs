namespace N3Host.Contracts;

/// <summary>
/// What <see cref="ITagBus.PublishDurableAsync"/> returns once the values are published: how many durable subscribers
/// (historians) got them, and a task that completes once all of those confirmed storing them. A module that acknowledges
/// values to their sender (a link) keeps receiving while it waits, and acknowledges when <see cref="Stored"/> completes.
/// Added in contracts 1.1.
/// </summary>
public sealed class TagDelivery
{
    /// <summary>Creates the outcome.</summary>
    /// <param name="durableSubscribers">How many durable subscribers got at least one of the values (0: nothing stores them).</param>
    /// <param name="stored">Completes with <paramref name="durableSubscribers"/> once they confirmed; faults with <see cref="TagDeliveryException"/> if one unsubscribed first.</param>
    public TagDelivery(int durableSubscribers, Task<int> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        DurableSubscribers = durableSubscribers;
        Stored = stored;
    }

    /// <summary>How many durable subscribers got at least one of the values (0: nothing on this node stores them).</summary>
    public int DurableSubscribers { get; }

    /// <summary>
    /// Completes (with <see cref="DurableSubscribers"/>) once every durable subscriber that got the values confirmed them;
    /// faults with <see cref="TagDeliveryException"/> when one unsubscribed (stopped) before confirming.
    /// </summary>
    public Task<int> Stored { get; }
}
