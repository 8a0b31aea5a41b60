using System.Threading.Channels;
using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>A subscriber's bounded queue on the <see cref="TagBus"/>.</summary>
internal sealed class TagSubscription : ITagSubscription
{
    private readonly Channel<TagValue> _channel;
    private readonly Action<TagSubscription> _onDispose;
    private long _delivered;
    private long _overflowed;
    private long _overflowReported;
    private long _lastReportTimestamp;
    private int _disposed;

    public TagSubscription(TagSubscriptionOptions options, string? owner, Action<TagSubscription> onDispose)
    {
        Options = options;
        Owner = owner;
        _onDispose = onDispose;
        var channelOptions = new BoundedChannelOptions(options.Capacity)
        {
            FullMode = options.Overflow == TagOverflowPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false,
        };
        _channel = options.Overflow == TagOverflowPolicy.DropOldest
            ? Channel.CreateBounded<TagValue>(channelOptions, _ => Interlocked.Increment(ref _overflowed))
            : Channel.CreateBounded<TagValue>(channelOptions);
    }

    public TagSubscriptionOptions Options { get; }

    public string? Owner { get; }

    public string Name => Options.Name;

    public ChannelReader<TagValue> Reader => _channel.Reader;

    public long Overflowed => Interlocked.Read(ref _overflowed);

    public long Delivered => Interlocked.Read(ref _delivered);

    public bool IsDropOldest => Options.Overflow == TagOverflowPolicy.DropOldest;

    public bool Matches(string path) => TagPattern.IsMatchAny(Options.Patterns, path);

    public bool TryWrite(TagValue value)
    {
        if (!_channel.Writer.TryWrite(value))
        {
            return false;
        }

        Interlocked.Increment(ref _delivered);
        return true;
    }

    public async ValueTask WriteAsync(TagValue value, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(value, cancellationToken);
            Interlocked.Increment(ref _delivered);
        }
        catch (ChannelClosedException)
        {
            // Unsubscribed while the publisher waited: nobody is left to receive it.
        }
    }

    /// <summary>New overflow since the last report, if a report is due (the first at once, then at most every <paramref name="every"/>).</summary>
    public long TakeOverflowReport(long nowTimestamp, TimeProvider time, TimeSpan every)
    {
        var overflowed = Overflowed;
        var reported = Interlocked.Read(ref _overflowReported);
        if (overflowed == reported)
        {
            return 0;
        }

        var last = Interlocked.Read(ref _lastReportTimestamp);
        if (reported != 0 && time.GetElapsedTime(last, nowTimestamp) < every)
        {
            return 0;
        }

        if (Interlocked.CompareExchange(ref _overflowReported, overflowed, reported) != reported)
        {
            return 0;
        }

        Interlocked.Exchange(ref _lastReportTimestamp, nowTimestamp);
        return overflowed - reported;
    }

    public TagSubscriberStatus Snapshot() =>
        new(Name, Owner, Options.Patterns, Options.Capacity, Options.Overflow, _channel.Reader.CanCount ? _channel.Reader.Count : 0, Delivered, Overflowed);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _onDispose(this);
            _channel.Writer.TryComplete();
        }
    }
}
