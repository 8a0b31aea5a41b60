using System.Buffers;

namespace N3Host.Plugins.Links;

/// <summary>The client's first frame: who is sending, on which stream of sequence numbers.</summary>
/// <param name="StreamId">The sender's stream: created with its disk buffer, so sequence numbers are unique within it.</param>
/// <param name="Node">The sending node's name.</param>
/// <param name="Instance">The sending Links instance.</param>
/// <param name="Heartbeat">How often the client pings while idle; the server drops a link silent for four times that.</param>
internal sealed record LinkHello(Guid StreamId, string Node, string Instance, TimeSpan Heartbeat)
{
    public const byte ProtocolVersion = 1;

    public void Encode(IBufferWriter<byte> writer)
    {
        WireWriter.Byte(writer, ProtocolVersion);
        var span = writer.GetSpan(16);
        StreamId.TryWriteBytes(span, bigEndian: true, out _);
        writer.Advance(16);
        WireWriter.String(writer, Node);
        WireWriter.String(writer, Instance);
        WireWriter.Int32(writer, (int)Heartbeat.TotalMilliseconds);
    }

    public static LinkHello Decode(ReadOnlySequence<byte> payload)
    {
        var reader = new WireReader(payload);
        var version = reader.Byte();
        if (version != ProtocolVersion)
        {
            throw new LinkProtocolException($"link protocol version {version} is not supported (this node speaks {ProtocolVersion})");
        }

        Span<byte> id = stackalloc byte[16];
        reader.Bytes(16).CopyTo(id);
        var node = reader.String();
        var instance = reader.String();
        var heartbeatMs = reader.Int32();
        if (heartbeatMs is < 10 or > 600_000)
        {
            throw new LinkProtocolException($"heartbeat {heartbeatMs} ms is outside 10..600000");
        }

        return new LinkHello(new Guid(id, bigEndian: true), node, instance, TimeSpan.FromMilliseconds(heartbeatMs));
    }
}
