using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>
/// A sync channel over a byte stream (a TLS stream on loopback) with the peer link's framing: a 4-byte big-endian
/// length, then the <see cref="SyncCodec"/> frame. The length is checked before anything is allocated.
/// Stands in for the redundancy link's framing until the two are wired together.
/// </summary>
public sealed class StreamSyncChannel(Stream stream, int maxFrameSize = 16 << 20) : ISyncChannel, IAsyncDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 20);
    private readonly byte[] _header = new byte[4];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _batchesSent;

    /// <summary>Completes when this end closed the stream (a cut, a dispose) or read its end.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Close the stream after this many batches were sent; null: never.</summary>
    public long? CutAfterBatches { get; set; }

    public async ValueTask SendAsync(SyncMessage message, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        _buffer.Advance(4);
        SyncCodec.Write(message, _buffer);
        var written = MemoryMarshal.AsMemory(_buffer.WrittenMemory);
        BinaryPrimitives.WriteUInt32BigEndian(written.Span, (uint)(written.Length - 4));
        await stream.WriteAsync(written, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        if (message is SyncBatch && ++_batchesSent == CutAfterBatches)
        {
            await stream.DisposeAsync();
            _closed.TrySetResult();
        }
    }

    public async ValueTask<SyncMessage?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(_header, 4, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            _closed.TrySetResult();
            return null;
        }

        if (read < 4)
            throw new IOException("the peer closed the link in the middle of a frame header");
        var length = BinaryPrimitives.ReadUInt32BigEndian(_header);
        if (length == 0 || length > (uint)maxFrameSize)
            throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture, $"frame of {length} bytes refused (allowed 1 to {maxFrameSize})"));
        var frame = new byte[length];
        await stream.ReadExactlyAsync(frame, cancellationToken);
        return SyncCodec.Read(frame);
    }

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        _closed.TrySetResult();
    }
}
