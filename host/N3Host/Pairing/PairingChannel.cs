using System.IO.Pipelines;
using System.Text;
using N3Host.Transport.Framing;

namespace N3Host.Pairing;

/// <summary>The pairing protocol's frames over one connection (the transport's frame format, at most <see cref="PairingProtocol.MaxFrameBytes"/>).</summary>
internal sealed class PairingChannel(Stream stream) : IAsyncDisposable
{
    private readonly PipeReader _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    private readonly PipeWriter _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    public async Task SendAsync(PairingFrame type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        Frames.Write(_writer, type, payload.Span);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task SendRefusalAsync(string reason, CancellationToken cancellationToken) => SendAsync(PairingFrame.Refused, Encoding.UTF8.GetBytes(reason), cancellationToken);

    /// <summary>The next frame, which must be <paramref name="expected"/>; a refusal from the other side throws with its reason.</summary>
    public async Task<byte[]> ReceiveAsync(PairingFrame expected, CancellationToken cancellationToken)
    {
        var (type, payload) = await Frames.ReadOneAsync<PairingFrame>(_reader, PairingProtocol.MaxFrameBytes, cancellationToken).ConfigureAwait(false);
        if (type == PairingFrame.Refused)
        {
            throw new PairingRefusedException(Encoding.UTF8.GetString(payload)) { CodeRefused = expected is PairingFrame.Hello or PairingFrame.Round3 };
        }

        if (type != expected)
        {
            throw new FrameProtocolException($"expected a {expected} frame, got {type}");
        }

        return payload;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);
    }
}
