using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Integration;

public sealed class TlsLinkTests
{
    private static async Task StartPairedAsync(TlsPair pair)
    {
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby && pair.Backup.Status.Peer.Role == "active",
            "the pair formed: primary active, backup standby", diagnostics: pair.Dump);
    }

    [Fact]
    public async Task Pair_FormsOverMutualTls_AndStatusShowsThePeer()
    {
        await using var pair = new TlsPair();

        await StartPairedAsync(pair);

        var status = pair.Primary.Status;
        Assert.Equal("primary", status.Mode);
        Assert.Equal("active", status.Role);
        Assert.True(status.Peer.Connected);
        Assert.Equal("node-b", status.Peer.Node);
        Assert.Equal("standby", status.Peer.Role);
        Assert.Equal(pair.BackupCertificate.Fingerprint, status.Peer.CertificateFingerprint);
        Assert.StartsWith("127.0.0.1:", status.Peer.Address);
        Assert.Matches("^Tls1[23], TLS_", status.Peer.Security!);
        Assert.Equal(pair.PrimaryCertificate.Fingerprint, pair.Backup.Status.Peer.CertificateFingerprint);
        Assert.True(pair.Primary.Context.Log.Contains("TLS with 127.0.0.1:"));
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task Backup_TakesOver_WhenThePrimaryStops_AndThePrimaryTakesBackWhenItRestarts()
    {
        await using var pair = new TlsPair();
        await StartPairedAsync(pair);

        await pair.Primary.StopAsync();

        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup is active", diagnostics: pair.Dump);
        Assert.Contains("the primary is unavailable", pair.Backup.Role.Reason);

        var primary = await pair.RestartPrimaryAsync();

        await Poll.UntilAsync(() => primary.IsActive && pair.Backup.IsStandby, "the primary took back", diagnostics: pair.Dump);
        Assert.Contains("failback", primary.Role.Reason);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task ForcedFailover_ThroughNodeServices_MovesTheActiveRole()
    {
        await using var pair = new TlsPair();
        await StartPairedAsync(pair);

        var result = await pair.Primary.Control.FailoverAsync(CancellationToken.None);

        Assert.True(result.Accepted, result.Message);
        await Poll.UntilAsync(() => pair.Backup.IsActive && pair.Primary.IsStandby, "the backup is active", diagnostics: pair.Dump);
        var back = await pair.Primary.Control.FailbackAsync(CancellationToken.None);
        Assert.True(back.Accepted, back.Message);
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.IsStandby, "the primary is active again", diagnostics: pair.Dump);
        Assert.Equal(1, pair.History.MaxActiveAtOnce);
    }

    [Fact]
    public async Task WrongCertificate_NoPairing_AndTheReasonIsInBothLogsAndStatuses()
    {
        var stranger = HostCertificate.Create("stranger");
        await using var pair = new TlsPair(primaryTrusts: stranger);
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();

        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null && pair.Backup.Status.LastRefusedConnection is not null,
            "both nodes report the refusal", diagnostics: pair.Dump);

        var mismatch = $"the peer's certificate {pair.BackupCertificate.Fingerprint} is not the configured remoteCertificate {stranger.Fingerprint}";
        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection!.Reason.Contains(mismatch, StringComparison.Ordinal),
            "the primary's status names both certificates", diagnostics: pair.Dump);
        Assert.True(pair.Primary.Context.Log.Contains("is not the configured remoteCertificate"));
        await Poll.UntilAsync(() => pair.Backup.Status.LastRefusedConnection!.Reason.Contains("remoteCertificate", StringComparison.Ordinal),
            "the backup's status points at the certificates", diagnostics: pair.Dump);
        Assert.True(pair.Backup.Context.Log.Contains("closed before pairing"), pair.Dump());
        Assert.False(pair.Primary.Status.Peer.Connected);
        Assert.False(pair.Backup.Status.Peer.Connected);
        Assert.Empty(pair.Primary.Context.Faults);
    }
}
