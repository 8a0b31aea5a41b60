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
}
