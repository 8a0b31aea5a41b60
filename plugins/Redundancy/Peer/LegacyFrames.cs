using System.Buffers;
using System.Buffers.Binary;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The frame format of N3Host before the one-transport release (0.1.x): <c>[u32 length][payload]</c>, a JSON message's payload
/// starting with <c>{</c>. Read in today's format, such a frame has type <c>{</c> (0x7B), which no frame type uses. A node of
/// today tells such a peer why it refuses, in the old format, so that the older node logs the reason and not a bare
/// "closed before the handshake".
/// </summary>
internal static class LegacyFrames
{
    /// <summary>The byte at a frame's type position when an older node sends its hello.</summary>
    public const byte JsonStart = (byte)'{';

    public const string Refusal =
        "the peer speaks the frame format of N3Host before the one-transport release (a JSON message without a type byte), "
        + "this node the new one: both nodes of a pair must run the same N3Host version; upgrade the older node";

    /// <summary>A refused message as one frame of the old format.</summary>
    public static void WriteRefused(IBufferWriter<byte> output, string reason)
    {
        var payload = PeerMessageSerializer.Serialize(new RefusedMessage(reason));
        var span = output.GetSpan(4 + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
        payload.CopyTo(span[4..]);
        output.Advance(4 + payload.Length);
    }
}
