namespace N3Host.Contracts;

/// <summary>In-process publish/subscribe of tag values. Bounded: a full subscriber applies back-pressure or counts its overflow.</summary>
public interface ITagBus
{
    /// <summary>Publishes one value to every matching subscriber; waits while a back-pressure subscriber is full.</summary>
    ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken);

    /// <summary>Publishes values in order; waits while a back-pressure subscriber is full.</summary>
    ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes values in order (waiting while a back-pressure subscriber is full, as <see cref="PublishAsync(IReadOnlyList{TagValue}, CancellationToken)"/>)
    /// and returns a <see cref="TagDelivery"/> whose <see cref="TagDelivery.Stored"/> completes once every
    /// <see cref="TagSubscriptionOptions.Durable"/> subscriber that got them (e.g. a historian) confirmed storing them.
    /// Acknowledge values to a sender that would otherwise discard them only then. Calls made one after the other publish
    /// in that order, and their <see cref="TagDelivery.Stored"/> tasks complete in that order. Added in contracts 1.1.
    /// </summary>
    ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken);

    /// <summary>Subscribes. Values published from now on arrive in <see cref="ITagSubscription.Reader"/>.</summary>
    ITagSubscription Subscribe(TagSubscriptionOptions options);

    /// <summary>The latest value of a tag, if any was published.</summary>
    bool TryGetLatest(string path, out TagValue value);

    /// <summary>The latest value of every tag, ordered by path.</summary>
    IReadOnlyList<TagValue> GetLatest();
}
