using System.Threading.Channels;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>
/// One end of an in-memory duplex link. Every message goes through <see cref="SyncCodec"/> (so the binary and JSON
/// encodings are exercised by every test), is counted, and the link can be cut after a number of batches.
/// </summary>
public sealed class InMemorySyncChannel : ISyncChannel
{
    private readonly Channel<byte[]> _incoming;
    private readonly Channel<byte[]> _outgoing;
    private readonly LinkState _link;
    private long _batchesSent;
    private long _recordsSent;

    private InMemorySyncChannel(Channel<byte[]> incoming, Channel<byte[]> outgoing, LinkState link)
    {
        _incoming = incoming;
        _outgoing = outgoing;
        _link = link;
    }

    /// <summary>Cut the link (both ways) after this many batches were sent from this end; null: never.</summary>
    public long? CutAfterBatches { get; set; }

    public long BatchesSent => Interlocked.Read(ref _batchesSent);

    public long RecordsSent => Interlocked.Read(ref _recordsSent);

    public static (InMemorySyncChannel A, InMemorySyncChannel B) CreatePair(int capacity = 64)
    {
        var ab = Channel.CreateBounded<byte[]>(capacity);
        var ba = Channel.CreateBounded<byte[]>(capacity);
        var link = new LinkState(ab, ba);
        return (new InMemorySyncChannel(ba, ab, link), new InMemorySyncChannel(ab, ba, link));
    }

    /// <summary>Cuts the link: both ends see it closed.</summary>
    public void Cut() => _link.Cut();

    public Task Closed => _link.Closed;

    public async ValueTask SendAsync(SyncMessage message, CancellationToken cancellationToken)
    {
        if (_link.IsCut)
            throw new IOException("link cut");
        try
        {
            await _outgoing.Writer.WriteAsync(SyncCodec.ToArray(message), cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new IOException("link cut", e);
        }

        if (message is SyncBatch batch)
        {
            Interlocked.Add(ref _recordsSent, batch.Records.Count);
            if (Interlocked.Increment(ref _batchesSent) == CutAfterBatches)
                Cut();
        }
    }

    public async ValueTask<SyncMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var frame = await _incoming.Reader.ReadAsync(cancellationToken);
            return SyncCodec.Read(frame);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    private sealed class LinkState(Channel<byte[]> ab, Channel<byte[]> ba)
    {
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _cut;

        public Task Closed => _closed.Task;

        public bool IsCut => Volatile.Read(ref _cut) == 1;

        public void Cut()
        {
            if (Interlocked.Exchange(ref _cut, 1) == 1)
                return;
            // A cut loses what was in flight, as a broken TCP connection does.
            while (ab.Reader.TryRead(out _))
            {
            }

            while (ba.Reader.TryRead(out _))
            {
            }

            ab.Writer.TryComplete();
            ba.Writer.TryComplete();
            _closed.TrySetResult();
        }
    }
}
