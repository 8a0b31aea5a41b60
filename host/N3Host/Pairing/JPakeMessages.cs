using System.Text.Json;
using Org.BouncyCastle.Crypto.Agreement.JPake;
using Org.BouncyCastle.Math;

namespace N3Host.Pairing;

/// <summary>BouncyCastle's J-PAKE payloads as JSON (numbers as hexadecimal text), and back.</summary>
internal static class JPakeMessages
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static byte[] Write(JPakeRound1Payload p) => JsonSerializer.SerializeToUtf8Bytes(
        new Round1(p.ParticipantId, Hex(p.Gx1), Hex(p.Gx2), [.. p.KnowledgeProofForX1.Select(Hex)], [.. p.KnowledgeProofForX2.Select(Hex)]), Options);

    public static byte[] Write(JPakeRound2Payload p) => JsonSerializer.SerializeToUtf8Bytes(
        new Round2(p.ParticipantId, Hex(p.A), [.. p.KnowledgeProofForX2s.Select(Hex)]), Options);

    public static byte[] Write(JPakeRound3Payload p) => JsonSerializer.SerializeToUtf8Bytes(new Round3(p.ParticipantId, Hex(p.MacTag)), Options);

    public static JPakeRound1Payload ReadRound1(byte[] json)
    {
        var r = Read<Round1>(json);
        return new JPakeRound1Payload(Id(r.Id), Number(r.Gx1), Number(r.Gx2), Numbers(r.Proof1), Numbers(r.Proof2));
    }

    public static JPakeRound2Payload ReadRound2(byte[] json)
    {
        var r = Read<Round2>(json);
        return new JPakeRound2Payload(Id(r.Id), Number(r.A), Numbers(r.Proof));
    }

    public static JPakeRound3Payload ReadRound3(byte[] json)
    {
        var r = Read<Round3>(json);
        return new JPakeRound3Payload(Id(r.Id), Number(r.Mac));
    }

    private static T Read<T>(byte[] json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new PairingRefusedException($"an empty {typeof(T).Name} message");
        }
        catch (JsonException e)
        {
            throw new PairingRefusedException($"a {typeof(T).Name} message that is not valid: {e.Message}", e);
        }
    }

    private static string Id(string? id) =>
        id is { Length: > 0 and <= 64 } ? id : throw new PairingRefusedException("a key exchange message without its participant");

    private static string Hex(BigInteger value) => value.ToString(16);

    private static BigInteger Number(string? hex)
    {
        // BouncyCastle's numbers are signed (a MAC tag is negative about half the time): an optional '-' and hex digits.
        var digits = hex is not null && hex.StartsWith('-') ? hex[1..] : hex;
        if (string.IsNullOrEmpty(digits) || digits.Length > 2048 || !digits.All(Uri.IsHexDigit))
        {
            throw new PairingRefusedException("a key exchange message with a number that is not hexadecimal");
        }

        return new BigInteger(hex, 16);
    }

    private static BigInteger[] Numbers(string[]? hex) =>
        hex is { Length: > 0 and <= 4 } ? [.. hex.Select(Number)] : throw new PairingRefusedException("a key exchange message without its proofs");

    private sealed record Round1(string? Id, string? Gx1, string? Gx2, string[]? Proof1, string[]? Proof2);

    private sealed record Round2(string? Id, string? A, string[]? Proof);

    private sealed record Round3(string? Id, string? Mac);
}
