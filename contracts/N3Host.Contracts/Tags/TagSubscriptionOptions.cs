namespace N3Host.Contracts;

/// <summary>How a subscription to the tag bus behaves.</summary>
public sealed record TagSubscriptionOptions
{
    /// <summary>The subscriber's name, shown in status with its counters.</summary>
    public required string Name { get; init; }

    /// <summary>Tag path patterns (<c>*</c> any run of characters, <c>?</c> one character); empty means every tag.</summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>How many values may wait in the queue. Default 65 536.</summary>
    public int Capacity { get; init; } = 65_536;

    /// <summary>What happens when the queue is full. Default: back-pressure.</summary>
    public TagOverflowPolicy Overflow { get; init; } = TagOverflowPolicy.Wait;

    /// <summary>
    /// The subscriber stores what it reads and calls <see cref="ITagSubscription.Confirm"/> once it is durable;
    /// <see cref="ITagBus.PublishDurableAsync"/> waits for that. Requires <see cref="TagOverflowPolicy.Wait"/>. Default false.
    /// Added in contracts 1.1.
    /// </summary>
    public bool Durable { get; init; }
}
