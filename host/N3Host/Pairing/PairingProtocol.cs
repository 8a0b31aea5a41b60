using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Agreement.JPake;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Security;

namespace N3Host.Pairing;

/// <summary>
/// Pairing by code, both sides: a hello, J-PAKE (BouncyCastle, NIST 3072-bit group, SHA-256) on the code in three rounds, the
/// backup's key confirmation first (a wrong one costs the code an attempt and is refused before the primary confirms anything),
/// then each node's certificate sealed with the derived key (<see cref="PairingSeal"/>), and a sealed "configured" from each side once
/// its modules.json is written: the backup's first, the primary's after it.
/// </summary>
internal static class PairingProtocol
{
    /// <summary>The protocol's name and version, the hello's text.</summary>
    public const string Name = "n3host-pairing/1";

    /// <summary>The largest frame either side accepts (a certificate is about 1 KiB, a J-PAKE message 3 KiB).</summary>
    public const int MaxFrameBytes = 64 * 1024;

    /// <summary>The bound on one whole pairing conversation.</summary>
    public static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(30);

    private const string PrimaryId = "n3host-primary";
    private const string BackupId = "n3host-backup";
    private const string Primary = "the primary";
    private const string Backup = "the backup";
    private static readonly byte[] Configured = Encoding.UTF8.GetBytes("configured");
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The backup's side: proves the code, exchanges the certificates, lets <paramref name="apply"/> write this node's configuration
    /// with the primary's offer, and waits for the primary to write its own. Refusals (a wrong or expired code) throw
    /// <see cref="PairingRefusedException"/> with the primary's words.
    /// </summary>
    public static async Task<PairingOutcome> JoinAsync(PairingChannel channel, PairingCode code, PairingOffer own, Func<PairingOffer, string> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(apply);
        await channel.SendAsync(PairingFrame.Hello, Encoding.ASCII.GetBytes(Name), cancellationToken).ConfigureAwait(false);
        CheckHello(await channel.ReceiveAsync(PairingFrame.Hello, cancellationToken).ConfigureAwait(false), Primary);

        var jpake = Participant(BackupId, code);
        await channel.SendAsync(PairingFrame.Round1, JPakeMessages.Write(jpake.CreateRound1PayloadToSend()), cancellationToken).ConfigureAwait(false);
        var round1 = await channel.ReceiveAsync(PairingFrame.Round1, cancellationToken).ConfigureAwait(false);
        Validate(() => jpake.ValidateRound1PayloadReceived(JPakeMessages.ReadRound1(round1)), Primary);

        await channel.SendAsync(PairingFrame.Round2, JPakeMessages.Write(jpake.CreateRound2PayloadToSend()), cancellationToken).ConfigureAwait(false);
        var round2 = await channel.ReceiveAsync(PairingFrame.Round2, cancellationToken).ConfigureAwait(false);
        Validate(() => jpake.ValidateRound2PayloadReceived(JPakeMessages.ReadRound2(round2)), Primary);

        var keying = jpake.CalculateKeyingMaterial();
        await channel.SendAsync(PairingFrame.Round3, JPakeMessages.Write(jpake.CreateRound3PayloadToSend(keying)), cancellationToken).ConfigureAwait(false);
        var round3 = await channel.ReceiveAsync(PairingFrame.Round3, cancellationToken).ConfigureAwait(false);
        try
        {
            jpake.ValidateRound3PayloadReceived(JPakeMessages.ReadRound3(round3), keying);
        }
        catch (CryptoException e)
        {
            throw new PairingRefusedException("the other side accepted the code but could not prove it holds it: is it really the primary that printed the code?", e);
        }

        using var seal = new PairingSeal(keying.ToByteArrayUnsigned(), isPrimary: false);
        await channel.SendAsync(PairingFrame.Sealed, seal.Seal(JsonSerializer.SerializeToUtf8Bytes(own, Options)), cancellationToken).ConfigureAwait(false);
        var primary = ReadOffer(seal.Open(await channel.ReceiveAsync(PairingFrame.Sealed, cancellationToken).ConfigureAwait(false)), Primary);
        if (!own.ForLinks && primary.PeerPort is not (>= 1 and <= 65535))
        {
            throw new PairingRefusedException("the primary did not say which port its peer listener is on (server.port)");
        }

        if (own.ForLinks)
        {
            if (primary.PairCertificates is not { Count: > 0 and <= 2 } pair)
            {
                throw new PairingRefusedException("the primary sent no certificates of its pair");
            }

            foreach (var pem in pair)
            {
                using var checkedCertificate = PairingCertificates.Parse(pem, Primary);
            }
        }

        string applied;
        try
        {
            applied = apply(primary);
        }
        catch (Exception e) when (e is PairingRefusedException or IOException or UnauthorizedAccessException)
        {
            await channel.SendRefusalAsync($"the backup could not write its configuration: {e.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }

        await channel.SendAsync(PairingFrame.Sealed, seal.Seal(Configured), cancellationToken).ConfigureAwait(false);
        string? confirmed;
        try
        {
            var answer = seal.Open(await channel.ReceiveAsync(PairingFrame.Sealed, cancellationToken).ConfigureAwait(false));
            confirmed = answer.AsSpan().SequenceEqual(Configured) ? null : "the primary sent an unexpected answer instead of its confirmation";
        }
        catch (PairingRefusedException e)
        {
            confirmed = e.Message;
        }
        catch (IOException e)
        {
            confirmed = $"the primary did not confirm it wrote its configuration ({e.Message})";
        }

        return new PairingOutcome(primary, applied, confirmed);
    }

    /// <summary>
    /// The primary's side, after the backup's hello was read: answers while <paramref name="codes"/> is open, runs the key exchange,
    /// counts a wrong code, and once the backup wrote its configuration lets <paramref name="apply"/> write this node's.
    /// </summary>
    /// <param name="channel">The connection, its hello read.</param>
    /// <param name="codes">The primary's code.</param>
    /// <param name="answer">This node's offer, given the joining node's (a backup, or a remote node's Links).</param>
    /// <param name="apply">Writes this node's configuration with the joining node's offer; returns what it did.</param>
    /// <param name="cancellationToken">Ends the conversation.</param>
    public static async Task<PairingOutcome> ServeAsync(PairingChannel channel, PairingCodes codes, Func<PairingOffer, PairingOffer> answer, Func<PairingOffer, string> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(apply);
        var state = codes.Current;
        if (PairingCodes.Refusal(state) is { } refusal)
        {
            await channel.SendRefusalAsync(refusal, cancellationToken).ConfigureAwait(false);
            throw new PairingRefusedException(refusal) { CodeRefused = true };
        }

        var code = state.Code!;
        await channel.SendAsync(PairingFrame.Hello, Encoding.ASCII.GetBytes(Name), cancellationToken).ConfigureAwait(false);
        var jpake = Participant(PrimaryId, code);
        var ownRound1 = jpake.CreateRound1PayloadToSend();
        var round1 = await channel.ReceiveAsync(PairingFrame.Round1, cancellationToken).ConfigureAwait(false);
        Validate(() => jpake.ValidateRound1PayloadReceived(JPakeMessages.ReadRound1(round1)), Backup);
        await channel.SendAsync(PairingFrame.Round1, JPakeMessages.Write(ownRound1), cancellationToken).ConfigureAwait(false);

        var ownRound2 = jpake.CreateRound2PayloadToSend();
        var round2 = await channel.ReceiveAsync(PairingFrame.Round2, cancellationToken).ConfigureAwait(false);
        Validate(() => jpake.ValidateRound2PayloadReceived(JPakeMessages.ReadRound2(round2)), Backup);
        await channel.SendAsync(PairingFrame.Round2, JPakeMessages.Write(ownRound2), cancellationToken).ConfigureAwait(false);

        var keying = jpake.CalculateKeyingMaterial();
        var ownRound3 = jpake.CreateRound3PayloadToSend(keying);
        var round3 = await channel.ReceiveAsync(PairingFrame.Round3, cancellationToken).ConfigureAwait(false);
        try
        {
            jpake.ValidateRound3PayloadReceived(JPakeMessages.ReadRound3(round3), keying);
        }
        catch (Exception e) when (e is CryptoException or PairingRefusedException)
        {
            var after = codes.Wrong();
            await channel.SendRefusalAsync(after.Message, cancellationToken).ConfigureAwait(false);
            throw new PairingRefusedException(after.Message, e) { CodeRefused = true };
        }

        // The code was proven; it must still be the open one (not replaced, voided or expired meanwhile).
        var now = codes.Current;
        var late = PairingCodes.Refusal(now) ?? (ReferenceEquals(now.Code, code) ? null : "a new pairing code was opened meanwhile; use the new one");
        if (late is not null)
        {
            await channel.SendRefusalAsync(late, cancellationToken).ConfigureAwait(false);
            throw new PairingRefusedException(late) { CodeRefused = true };
        }

        await channel.SendAsync(PairingFrame.Round3, JPakeMessages.Write(ownRound3), cancellationToken).ConfigureAwait(false);
        using var seal = new PairingSeal(keying.ToByteArrayUnsigned(), isPrimary: true);
        var backup = ReadOffer(seal.Open(await channel.ReceiveAsync(PairingFrame.Sealed, cancellationToken).ConfigureAwait(false)), Backup);
        PairingOffer reply;
        try
        {
            reply = answer(backup);
        }
        catch (PairingRefusedException e)
        {
            await channel.SendRefusalAsync(e.Message, cancellationToken).ConfigureAwait(false);
            throw;
        }

        await channel.SendAsync(PairingFrame.Sealed, seal.Seal(JsonSerializer.SerializeToUtf8Bytes(reply, Options)), cancellationToken).ConfigureAwait(false);
        var done = seal.Open(await channel.ReceiveAsync(PairingFrame.Sealed, cancellationToken).ConfigureAwait(false));
        if (!done.AsSpan().SequenceEqual(Configured))
        {
            throw new PairingRefusedException("the backup sent an unexpected answer instead of its confirmation");
        }

        string applied;
        try
        {
            applied = apply(backup);
        }
        catch (Exception e) when (e is PairingRefusedException or IOException or UnauthorizedAccessException)
        {
            await channel.SendRefusalAsync($"the primary could not write its configuration: {e.Message}", cancellationToken).ConfigureAwait(false);
            throw;
        }

        codes.Paired($"{backup.Node} ({PairingCertificates.Fingerprint(backup.Certificate, Backup)}){(backup.ForLinks ? ", for Links" : string.Empty)}");
        await channel.SendAsync(PairingFrame.Sealed, seal.Seal(Configured), cancellationToken).ConfigureAwait(false);
        return new PairingOutcome(backup, applied, null);
    }

    /// <summary>Reads the backup's hello (the first frame on the pairing port): anything else is refused as not a pairing request.</summary>
    public static async Task ReadHelloAsync(PairingChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        CheckHello(await channel.ReceiveAsync(PairingFrame.Hello, cancellationToken).ConfigureAwait(false), Backup);
    }

    private static JPakeParticipant Participant(string id, PairingCode code) =>
        new(id, code.Characters.ToCharArray(), JPakePrimeOrderGroups.NIST_3072, new Sha256Digest(), new SecureRandom());

    private static PairingOffer ReadOffer(byte[] json, string who)
    {
        PairingOffer? offer;
        try
        {
            offer = JsonSerializer.Deserialize<PairingOffer>(json, Options);
        }
        catch (JsonException e)
        {
            throw new PairingRefusedException($"{who} sent a certificate message that is not valid: {e.Message}", e);
        }

        if (offer is null || string.IsNullOrWhiteSpace(offer.Node) || string.IsNullOrWhiteSpace(offer.Certificate))
        {
            throw new PairingRefusedException($"{who} sent no node name or no certificate");
        }

        using var certificate = PairingCertificates.Parse(offer.Certificate, who);
        return offer;
    }

    private static void CheckHello(byte[] hello, string who)
    {
        if (!Encoding.ASCII.GetBytes(Name).AsSpan().SequenceEqual(hello))
        {
            throw new PairingRefusedException($"{who} speaks another pairing protocol; both nodes must run the same N3Host version");
        }
    }

    private static void Validate(Action validate, string who)
    {
        try
        {
            validate();
        }
        catch (CryptoException e)
        {
            throw new PairingRefusedException($"{who} sent a key exchange message that is not valid ({e.Message})", e);
        }
    }
}
