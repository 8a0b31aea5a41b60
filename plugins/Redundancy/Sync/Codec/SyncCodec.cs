using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>
/// Encodes sync messages for a byte transport (the peer link's frames): one type byte
/// (<see cref="SyncMessageType"/>), then a compact binary body for batches and acknowledgements, JSON for the rest.
/// The transport supplies the framing (a length prefix) and its maximum size: allow
/// <see cref="SyncOptions.MaxBatchBytes"/> plus 64 KiB.
/// </summary>
public static class SyncCodec
{
    /// <summary>Appends the message's encoding to <paramref name="output"/>.</summary>
    public static void Write(SyncMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(output);
        switch (message)
        {
            case SyncBatch batch:
                var size = BatchCodec.GetSize(batch);
                var span = output.GetSpan(size + 1);
                span[0] = (byte)SyncMessageType.Batch;
                BatchCodec.Write(batch, span.Slice(1, size));
                output.Advance(size + 1);
                break;
            case SyncBatchAck ack:
                var ackSpan = output.GetSpan(13);
                ackSpan[0] = (byte)SyncMessageType.BatchAck;
                BinaryPrimitives.WriteInt64LittleEndian(ackSpan[1..], ack.Id);
                BinaryPrimitives.WriteInt32LittleEndian(ackSpan[9..], ack.Applied);
                output.Advance(13);
                break;
            default:
                WriteJson(message, output);
                break;
        }
    }

    /// <summary>The encoded message as a new array.</summary>
    public static byte[] ToArray(SyncMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a message from a frame it owns: batch payloads are slices of <paramref name="frame"/>, which must stay unchanged.</summary>
    public static SyncMessage Read(ReadOnlyMemory<byte> frame)
    {
        if (frame.IsEmpty)
            throw new SyncProtocolException("empty sync frame");
        var type = (SyncMessageType)frame.Span[0];
        var body = frame[1..];
        try
        {
            return type switch
            {
                SyncMessageType.Batch => BatchCodec.Read(body),
                SyncMessageType.BatchAck => ReadAck(body.Span),
                SyncMessageType.Hello => Json(body, SyncJsonContext.Default.SyncHello),
                SyncMessageType.JournalAdded => Json(body, SyncJsonContext.Default.SyncJournalAdded),
                SyncMessageType.Plan => Json(body, SyncJsonContext.Default.SyncPlan),
                SyncMessageType.CaughtUp => Json(body, SyncJsonContext.Default.SyncCaughtUp),
                SyncMessageType.CaughtUpConfirmed => Json(body, SyncJsonContext.Default.SyncCaughtUpConfirmed),
                SyncMessageType.CatchUpRequest => Json(body, SyncJsonContext.Default.SyncCatchUpRequest),
                _ => throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture, $"unknown sync message type {(byte)type}")),
            };
        }
        catch (JsonException e)
        {
            throw new SyncProtocolException($"malformed sync {type} message: {e.Message}", e);
        }
    }

    /// <summary>Decodes a message from a buffer the caller reuses: the frame is copied once.</summary>
    public static SyncMessage ReadCopy(ReadOnlySpan<byte> frame) => Read(frame.ToArray());

    private static SyncBatchAck ReadAck(ReadOnlySpan<byte> body)
    {
        if (body.Length != 12)
            throw new SyncProtocolException(string.Create(CultureInfo.InvariantCulture, $"malformed sync acknowledgement: {body.Length} bytes instead of 12"));
        return new SyncBatchAck(BinaryPrimitives.ReadInt64LittleEndian(body), BinaryPrimitives.ReadInt32LittleEndian(body[8..]));
    }

    private static T Json<T>(ReadOnlyMemory<byte> body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : SyncMessage =>
        JsonSerializer.Deserialize(body.Span, info) ?? throw new SyncProtocolException($"sync {typeof(T).Name} message is null");

    private static void WriteJson(SyncMessage message, IBufferWriter<byte> output)
    {
        var (type, info) = message switch
        {
            SyncHello => (SyncMessageType.Hello, (System.Text.Json.Serialization.Metadata.JsonTypeInfo)SyncJsonContext.Default.SyncHello),
            SyncJournalAdded => (SyncMessageType.JournalAdded, SyncJsonContext.Default.SyncJournalAdded),
            SyncPlan => (SyncMessageType.Plan, SyncJsonContext.Default.SyncPlan),
            SyncCaughtUp => (SyncMessageType.CaughtUp, SyncJsonContext.Default.SyncCaughtUp),
            SyncCaughtUpConfirmed => (SyncMessageType.CaughtUpConfirmed, SyncJsonContext.Default.SyncCaughtUpConfirmed),
            SyncCatchUpRequest => (SyncMessageType.CatchUpRequest, SyncJsonContext.Default.SyncCatchUpRequest),
            _ => throw new ArgumentException($"no encoding for {message.GetType().Name}", nameof(message)),
        };
        output.GetSpan(1)[0] = (byte)type;
        output.Advance(1);
        using var writer = new Utf8JsonWriter(output);
        JsonSerializer.Serialize(writer, message, info);
    }
}
