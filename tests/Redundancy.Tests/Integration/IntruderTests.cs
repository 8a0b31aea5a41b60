using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Integration;

public sealed class IntruderTests
{
    [Fact]
    public async Task RawBytes_OnThePeerPort_AreRefused_AndTheNodeStillPairs()
    {
        await using var pair = new TlsPair();
        await pair.Primary.StartAsync();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", pair.Port);
            var stream = client.GetStream();
            await stream.WriteAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            var buffer = new byte[1024];
            while (await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20)) > 0)
            {
            }
        }

        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null, "the refusal is in status", diagnostics: pair.Dump);
        Assert.Contains("TLS handshake failed", pair.Primary.Status.LastRefusedConnection!.Reason);
        await Poll.UntilAsync(() => pair.Primary.Context.Log.Entries.Any(e => e.EventName == "PeerRefused"), "the refusal is logged", diagnostics: pair.Dump);
        Assert.Equal(LogLevel.Error, pair.Primary.Context.Log.Entries.First(e => e.EventName == "PeerRefused").Level);
        Assert.Empty(pair.Primary.Context.Faults);

        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Connected, "the real backup still pairs", diagnostics: pair.Dump);
    }

    [Fact]
    public async Task APeerThatClosesBeforeItsHandshake_AsAStartingOrStoppingNodeDoes_IsLoggedAsRoutine_NotAsAStranger()
    {
        await using var pair = new TlsPair();
        await pair.Primary.StartAsync();

        using (var client = new TcpClient())
        {
            await client.ConnectAsync("127.0.0.1", pair.Port);
        }

        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null, "the closed connection is in status", diagnostics: pair.Dump);
        Assert.Contains("closed the connection before the TLS handshake finished", pair.Primary.Status.LastRefusedConnection!.Reason);
        var logged = Assert.Single(pair.Primary.Context.Log.Entries, e => e.EventName == "PeerRefused");
        Assert.Equal(LogLevel.Information, logged.Level);
        Assert.DoesNotContain("not a N3Host peer", logged.Message);

        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Connected, "the real backup still pairs", diagnostics: pair.Dump);
    }

    [Fact]
    public async Task OpensslClient_WithoutTheCertificate_IsRefused_AndTheNodeIsUnaffected()
    {
        await using var pair = new TlsPair();
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Connected, "paired", diagnostics: pair.Dump);

        var openssl = Process.Start(new ProcessStartInfo("openssl", $"s_client -connect 127.0.0.1:{pair.Port} -tls1_2")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        openssl.StandardInput.Close();
        var output = openssl.StandardOutput.ReadToEndAsync();
        await openssl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await output;

        await Poll.UntilAsync(() => pair.Primary.Status.LastRefusedConnection is not null, "the refusal is in status", diagnostics: pair.Dump);
        Assert.Contains("the peer presented no certificate", pair.Primary.Status.LastRefusedConnection!.Reason);
        Assert.True(pair.Primary.IsActive);
        Assert.True(pair.Backup.IsStandby);
        Assert.True(pair.Primary.Status.Peer.Connected);
        Assert.Empty(pair.Primary.Context.Faults);
    }
}
