namespace N3Host.Contracts;

/// <summary>In-process publish/subscribe of tag values. Bounded: a full subscriber applies back-pressure or counts its overflow.</summary>
public interface ITagBus
{
    /// <summary>Publishes one value to every matching subscriber; waits while a back-pressure subscriber is full.</summary>
    ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken);

    /// <summary>Publishes values in order; waits while a back-pressure subscriber is full.</summary>
    ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes values in order and completes only once every <see cref="TagSubscriptionOptions.Durable"/> subscriber
    /// that received them (e.g. a historian) has confirmed storing them; with no durable subscriber it completes once
    /// they are delivered. Use it before acknowledging values to a sender that would otherwise discard them.
    /// Returns how many durable subscribers confirmed them (0: nothing on this node stores these values).
    /// Throws <see cref="TagDeliveryException"/> when a durable subscriber unsubscribes before confirming them.
    /// Added in contracts 1.1.
    /// </summary>
    ValueTask<int> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken);

    /// <summary>Subscribes. Values published from now on arrive in <see cref="ITagSubscription.Reader"/>.</summary>
    ITagSubscription Subscribe(TagSubscriptionOptions options);

    /// <summary>The latest value of a tag, if any was published.</summary>
    bool TryGetLatest(string path, out TagValue value);

    /// <summary>The latest value of every tag, ordered by path.</summary>
    IReadOnlyList<TagValue> GetLatest();
}
