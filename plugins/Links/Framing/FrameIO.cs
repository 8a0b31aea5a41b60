using System.Buffers;
using System.IO.Pipelines;

namespace N3Host.Plugins.Links;

/// <summary>Reading one frame during the handshake (afterwards the sessions decode frames in place).</summary>
internal static class FrameIO
{
    public static async ValueTask<(FrameType Type, byte[] Payload)> ReadOneAsync(PipeReader reader, int maxFrameBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (FrameDecoder.TryDecode(ref buffer, maxFrameBytes, out var type, out var payload))
            {
                var bytes = payload.ToArray();
                reader.AdvanceTo(buffer.Start);
                return (type, bytes);
            }

            if (result.IsCompleted)
            {
                throw new IOException(buffer.IsEmpty ? "the peer closed the connection" : "the peer closed the connection in the middle of a frame");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
