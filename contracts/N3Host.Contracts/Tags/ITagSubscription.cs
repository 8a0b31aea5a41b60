using System.Threading.Channels;

namespace N3Host.Contracts;

/// <summary>A subscriber's queue of tag values. Dispose it to unsubscribe.</summary>
public interface ITagSubscription : IDisposable
{
    /// <summary>The subscriber's name.</summary>
    string Name { get; }

    /// <summary>Where the values arrive, in publish order.</summary>
    ChannelReader<TagValue> Reader { get; }

    /// <summary>Values this subscriber lost to a full queue (only with <see cref="TagOverflowPolicy.DropOldest"/>).</summary>
    long Overflowed { get; }

    /// <summary>
    /// For a <see cref="TagSubscriptionOptions.Durable"/> subscription: the next <paramref name="count"/> values read from
    /// <see cref="Reader"/> (in read order, including any the subscriber chose not to keep) are durably handled, so
    /// <see cref="ITagBus.PublishDurableAsync"/> calls waiting on them may complete. Added in contracts 1.1.
    /// </summary>
    void Confirm(int count);

    /// <summary>
    /// For a <see cref="TagSubscriptionOptions.Durable"/> subscription made by a module that faulted and was restarted: the
    /// values matching it that were published while the faulted incarnation's subscription of the same name was closed
    /// (from the fault until this subscription was made). They reached nobody; a historian counts them as lost. 0 otherwise.
    /// Added in contracts 1.3 (the default is 0).
    /// </summary>
    long MissedWhileClosed => 0;
}
