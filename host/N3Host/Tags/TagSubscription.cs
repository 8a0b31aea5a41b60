using System.Threading.Channels;
using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>A subscriber's bounded queue on the <see cref="TagBus"/>.</summary>
internal sealed class TagSubscription : ITagSubscription
{
    private readonly Channel<TagValue> _channel;
    private readonly Action<TagSubscription> _onDispose;
    private readonly Lock _writeLock = new();
    private readonly Lock _confirmLock = new();
    private readonly List<(long Position, StoredWait Wait)> _waits = [];
    private long _confirmedCount;
    private bool _unsubscribed;
    private long _delivered;
    private long _overflowed;
    private long _overflowReported;
    private long _lastReportTimestamp;
    private int _disposed;
    private volatile bool _countWhenClosed;
    private volatile bool _counting;
    private long _missed;

    public TagSubscription(TagSubscriptionOptions options, string? owner, Action<TagSubscription> onDispose)
    {
        if (options.Durable && options.Overflow != TagOverflowPolicy.Wait)
        {
            throw new ArgumentException($"tag subscription {options.Name}: a durable subscription cannot drop values (Overflow must be Wait)", nameof(options));
        }

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

    public bool IsDurable => Options.Durable && !_counting;

    /// <summary>True once it was closed after its module faulted: it stays on the bus only to count what it misses.</summary>
    public bool IsCounting => _counting;

    /// <summary>Values published to it while it was closed after a fault (see <see cref="CountWhenClosed"/>).</summary>
    public long Missed => Interlocked.Read(ref _missed);

    /// <inheritdoc />
    public long MissedWhileClosed { get; init; }

    /// <summary>
    /// Its module faulted: when it is closed, it stays on the bus counting the values it would have received, until a
    /// subscription of the same name and owner takes the count (<see cref="ITagSubscription.MissedWhileClosed"/>). Durable only.
    /// </summary>
    public void CountWhenClosed() => _countWhenClosed = Options.Durable;

    /// <summary>How many values the subscriber has confirmed as stored (durable subscriptions).</summary>
    public long Confirmed => Interlocked.Read(ref _confirmedCount);

    public bool Matches(string path) => TagPattern.IsMatchAny(Options.Patterns, path);

    public bool TryWrite(TagValue value)
    {
        if (_counting)
        {
            Interlocked.Increment(ref _missed);
            return true;
        }

        if (!Options.Durable)
        {
            return TryEnqueue(value);
        }

        // Durable: the count must equal the value's position in the queue, so a waiter knows which confirmation covers it.
        lock (_writeLock)
        {
            return TryEnqueue(value);
        }
    }

    private bool TryEnqueue(TagValue value)
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
        while (!TryWrite(value))
        {
            if (!await _channel.Writer.WaitToWriteAsync(cancellationToken))
            {
                // Unsubscribed while the publisher waited: nobody is left to receive it.
                return;
            }
        }
    }

    public void Confirm(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (!Options.Durable)
        {
            throw new InvalidOperationException($"tag subscription {Name} is not durable: only a subscription made with Durable = true confirms values");
        }

        if (count == 0)
        {
            return;
        }

        List<StoredWait>? arrived = null;
        lock (_confirmLock)
        {
            _confirmedCount += count;
            var confirmed = _confirmedCount;
            _waits.RemoveAll(w =>
            {
                if (w.Position > confirmed)
                {
                    return false;
                }

                (arrived ??= []).Add(w.Wait);
                return true;
            });
        }

        foreach (var wait in arrived ?? [])
        {
            wait.Arrive();
        }
    }

    /// <summary>
    /// Tells <paramref name="wait"/> once the subscriber has confirmed at least <paramref name="position"/> values (at once if
    /// it has), or fails it if the subscriber unsubscribes first.
    /// </summary>
    public void AwaitConfirmed(long position, StoredWait wait)
    {
        bool unsubscribed;
        lock (_confirmLock)
        {
            unsubscribed = _unsubscribed;
            if (_confirmedCount < position && !unsubscribed)
            {
                _waits.Add((position, wait));
                return;
            }
        }

        if (unsubscribed && Interlocked.Read(ref _confirmedCount) < position)
        {
            wait.Fail(Unsubscribed());
        }
        else
        {
            wait.Arrive();
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
        new(Name, Owner, Options.Patterns, Options.Capacity, Options.Overflow, _channel.Reader.CanCount ? _channel.Reader.Count : 0, Delivered, Overflowed, Options.Durable, Confirmed);

    private TagDeliveryException Unsubscribed() =>
        new($"the durable tag subscriber {Name} ({Owner ?? "-"}) unsubscribed before confirming every value it was given");

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            if (_countWhenClosed)
            {
                // Counted from now on; the bus drops it when the module subscribes again.
                _counting = true;
            }
            else
            {
                _onDispose(this);
            }

            _channel.Writer.TryComplete();
            if (Options.Durable)
            {
                (long Position, StoredWait Wait)[] waiting;
                lock (_confirmLock)
                {
                    _unsubscribed = true;
                    waiting = [.. _waits];
                    _waits.Clear();
                }

                foreach (var (_, wait) in waiting)
                {
                    wait.Fail(Unsubscribed());
                }
            }
        }
    }
}
