using Microsoft.Extensions.Time.Testing;
using N3Host.Pairing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Tests.Pairing;

/// <summary>
/// The pairing protocol, both real sides (J-PAKE from BouncyCastle, the sealed certificates) over an in-memory connection, with the
/// primary's code on a fake clock. Each test runs one or more whole conversations.
/// </summary>
public sealed class PairingProtocolTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 45, 30, TimeSpan.Zero);
    private readonly HostCertificate _primary = HostCertificate.Create("node-a");
    private readonly HostCertificate _backup = HostCertificate.Create("node-b");
    private readonly HostCertificate _site = HostCertificate.Create("site1");
    private readonly FakeTimeProvider _time = new(Start);
    private readonly PairingCodes _codes;
    private PairingOffer? _primaryGot;
    private PairingOffer? _backupGot;

    public PairingProtocolTests() => _codes = new PairingCodes(_time);

    public void Dispose()
    {
        _primary.Dispose();
        _backup.Dispose();
        _site.Dispose();
    }

    [Fact]
    public async Task TheRightCode_GivesEachNodeTheOthersCertificate_AndThePrimarysPeerPort_AndUsesTheCode()
    {
        var code = _codes.Open().Code!;

        var (backupSide, primarySide) = await ConverseAsync(code.ToString());

        var joined = Assert.IsType<PairingOutcome>(backupSide);
        Assert.Null(joined.PeerConfirmed);
        Assert.Equal("node-a", joined.Peer.Node);
        Assert.Equal(_primary.Pem, joined.Peer.Certificate);
        Assert.Equal(3002, joined.Peer.PeerPort);
        Assert.Equal("backup wrote", joined.Applied);
        var served = Assert.IsType<PairingOutcome>(primarySide);
        Assert.Equal("node-b", served.Peer.Node);
        Assert.Equal(_backup.Pem, served.Peer.Certificate);
        Assert.Equal(_primary.Pem, _backupGot!.Certificate);
        Assert.Equal(_backup.Pem, _primaryGot!.Certificate);
        Assert.Equal(PairingPhase.Paired, _codes.Current.Phase);
        Assert.Equal($"node-b ({_backup.Fingerprint})", _codes.Current.Peer);

        var again = await ConverseAsync(code.ToString());
        var refused = Assert.IsType<PairingRefusedException>(again.Backup);
        Assert.StartsWith("the pairing code was used already", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongCode_IsRefusedOnBothSides_WithTheAttemptsLeft_NothingIsWritten_AndTheRightCodeStillWorks()
    {
        var code = _codes.Open().Code!;

        var (backupSide, primarySide) = await ConverseAsync(OtherThan(code));

        var refused = Assert.IsType<PairingRefusedException>(backupSide);
        Assert.Equal("the pairing code was wrong (2 attempts left)", refused.Message);
        Assert.True(refused.CodeRefused);
        Assert.Equal("the pairing code was wrong (2 attempts left)", Assert.IsType<PairingRefusedException>(primarySide).Message);
        Assert.Null(_primaryGot);
        Assert.Null(_backupGot);

        var (retried, _) = await ConverseAsync(code.ToString().ToLowerInvariant());
        Assert.IsType<PairingOutcome>(retried);
        Assert.Equal(PairingPhase.Paired, _codes.Current.Phase);
    }

    [Fact]
    public async Task ThreeWrongCodes_VoidTheCode_SoTheRightOneIsRefusedAfter()
    {
        var code = _codes.Open().Code!;
        var messages = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            messages.Add(Assert.IsType<PairingRefusedException>((await ConverseAsync(OtherThan(code))).Backup).Message);
        }

        var (right, _) = await ConverseAsync(code.ToString());

        Assert.Equal(
            ["the pairing code was wrong (2 attempts left)", "the pairing code was wrong (1 attempt left)",
                "the pairing code was wrong 3 times and is void now; run n3host pair again on the primary"],
            messages);
        Assert.Equal("the pairing code was wrong 3 times and is void now; run n3host pair again on the primary", Assert.IsType<PairingRefusedException>(right).Message);
        Assert.Null(_backupGot);
    }

    [Fact]
    public async Task AnExpiredCode_IsRefused_WithTheTimeItExpired()
    {
        var code = _codes.Open().Code!;
        _time.Advance(TimeSpan.FromMinutes(10));

        var (backupSide, _) = await ConverseAsync(code.ToString());

        var refused = Assert.IsType<PairingRefusedException>(backupSide);
        Assert.Equal("the pairing code expired at 12:55 UTC; run n3host pair again on the primary", refused.Message);
        Assert.Null(_backupGot);
    }

    [Fact]
    public async Task ARemoteNodesLinks_GetBothPairCertificates_AndThePrimaryGetsTheRemotesCertificate()
    {
        var code = _codes.Open().Code!;

        var (remoteSide, primarySide) = await ConverseAsync(code.ToString(), links: true);

        var joined = Assert.IsType<PairingOutcome>(remoteSide);
        Assert.Equal([_primary.Pem, _backup.Pem], joined.Peer.PairCertificates);
        var served = Assert.IsType<PairingOutcome>(primarySide);
        Assert.True(served.Peer.ForLinks);
        Assert.Equal(_site.Pem, _primaryGot!.Certificate);
        Assert.EndsWith(", for Links", _codes.Current.Peer, StringComparison.Ordinal);
    }

    private static string OtherThan(PairingCode code)
    {
        var other = code.Characters[0] == 'A' ? 'B' : 'A';
        return other + code.Characters[1..];
    }

    /// <summary>One conversation: the backup with <paramref name="typed"/>, the primary with the open code. Each side's result or exception.</summary>
    private async Task<(object Backup, object Primary)> ConverseAsync(string typed, bool links = false)
    {
        var (a, b) = MemoryDuplex.Create();
        await using var backupStream = a;
        await using var primaryStream = b;
        await using var backupChannel = new PairingChannel(backupStream);
        await using var primaryChannel = new PairingChannel(primaryStream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var code = PairingCode.Parse(typed)!;
        var join = Capture(() => PairingProtocol.JoinAsync(backupChannel, code, new PairingOffer(links ? "site1" : "node-b", links ? _site.Pem : _backup.Pem, null) { Purpose = links ? PairingOffer.LinksPurpose : null },
            primary => { _backupGot = primary; return "backup wrote"; }, timeout.Token));
        var serve = Capture(async () =>
        {
            await PairingProtocol.ReadHelloAsync(primaryChannel, timeout.Token);
            return await PairingProtocol.ServeAsync(primaryChannel, _codes,
                joining => joining.ForLinks ? new PairingOffer("node-a", _primary.Pem, null) { PairCertificates = [_primary.Pem, _backup.Pem] } : new PairingOffer("node-a", _primary.Pem, 3002),
                backup => { _primaryGot = backup; return "primary wrote"; }, timeout.Token);
        });
        var results = await Task.WhenAll(join, serve);
        return (results[0], results[1]);
    }

    private static async Task<object> Capture(Func<Task<PairingOutcome>> run)
    {
        try
        {
            return await run();
        }
        catch (PairingRefusedException e)
        {
            return e;
        }
    }
}
