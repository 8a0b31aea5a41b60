using System.Diagnostics;
using System.Net.Sockets;
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
        Assert.Empty(pair.Primary.Context.Faults);

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
