using System.Text.RegularExpressions;
using System.Threading.Channels;
using N3Host.Contracts;

namespace N3Host.Modules.Tests.Hosting;

/// <summary>One subscriber's bounded queue on <see cref="TestTagBus"/>.</summary>
internal sealed class TestTagSubscription : ITagSubscription
{
    private readonly Channel<TagValue> _channel;
    private readonly Regex[] _patterns;
    private readonly Action<TestTagSubscription> _unsubscribe;
    private long _overflowed;

    public TestTagSubscription(TagSubscriptionOptions options, Action<TestTagSubscription> unsubscribe)
    {
        Name = options.Name;
        _unsubscribe = unsubscribe;
        _patterns = [.. options.Patterns.Select(p => new Regex(
            "^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant))];
        var channelOptions = new BoundedChannelOptions(options.Capacity)
        {
            FullMode = options.Overflow == TagOverflowPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
        };
        _channel = Channel.CreateBounded<TagValue>(channelOptions, _ => Interlocked.Increment(ref _overflowed));
    }

    public string Name { get; }

    public ChannelReader<TagValue> Reader => _channel.Reader;

    public long Overflowed => Interlocked.Read(ref _overflowed);

    public bool Matches(string path) => _patterns.Length == 0 || _patterns.Any(p => p.IsMatch(path));

    public ValueTask WriteAsync(TagValue value, CancellationToken cancellationToken) =>
        _channel.Writer.TryWrite(value) ? ValueTask.CompletedTask : WaitAndWriteAsync(value, cancellationToken);

    // Waits for room rather than for one slot, so a full queue wakes the publisher once per burst of reads, not per value.
    private async ValueTask WaitAndWriteAsync(TagValue value, CancellationToken cancellationToken)
    {
        while (!_channel.Writer.TryWrite(value))
        {
            if (!await _channel.Writer.WaitToWriteAsync(cancellationToken))
            {
                throw new ChannelClosedException($"subscription '{Name}' is closed");
            }
        }
    }

    public void Dispose()
    {
        _unsubscribe(this);
        _channel.Writer.TryComplete();
    }
}
