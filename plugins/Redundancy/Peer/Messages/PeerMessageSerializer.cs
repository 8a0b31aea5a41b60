using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>JSON encoding of peer messages.</summary>
internal static class PeerMessageSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Serialize(PeerMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);

    public static PeerMessage Deserialize(ReadOnlySequence<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            return JsonSerializer.Deserialize<PeerMessage>(ref reader, Options)
                ?? throw new PeerProtocolException("frame holds no message");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new PeerProtocolException($"frame is not a valid message ({e.GetType().Name}: {e.Message})");
        }
    }
}
