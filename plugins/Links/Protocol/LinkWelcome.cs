using System.Buffers;

namespace N3Host.Plugins.Links;

/// <summary>The server's answer to a hello: its node name and the highest sequence of the stream it already holds.</summary>
internal sealed record LinkWelcome(string Node, long HighWater)
{
    public void Encode(IBufferWriter<byte> writer)
    {
        WireWriter.String(writer, Node);
        WireWriter.Int64(writer, HighWater);
    }

    public static LinkWelcome Decode(ReadOnlySequence<byte> payload)
    {
        var reader = new WireReader(payload);
        return new LinkWelcome(reader.String(), reader.Int64());
    }
}
