using System.Buffers.Binary;
using System.IO.Pipelines;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Peer;

public sealed class ProtocolErrorTests
{
    private static async Task<string> SendRawAsync(PairHarness pair, byte[] bytes)
    {
        var toNode = new Pipe();
        var fromNode = new Pipe();
        var channel = new InMemoryPeerChannel(toNode.Reader, fromNode.Writer, "memory:intruder", "X");
        var link = pair.Primary.Coordinator.RunLinkAsync(channel, CancellationToken.None);
        await toNode.Writer.WriteAsync(bytes);
        return await link.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task OversizedFrame_ClosesTheConnection_IsShownInStatus_AndTheNodeStillPairs()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        pair.Backup.Coordinator.Start();
        var header = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(header, 100_000_000);
        header[4] = 1;

        var reason = await SendRawAsync(pair, header);

        Assert.Equal("protocol error: frame length 100000000 is outside 1..16777216", reason);
        var refused = pair.Primary.Status.LastRefusedConnection;
        Assert.NotNull(refused);
        Assert.Equal("memory:intruder", refused.Address);
        Assert.Contains("frame length 100000000 is outside", refused.Reason);
        await pair.ConnectAndPairAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive, "the primary is active", diagnostics: pair.Dump);
    }

    [Fact]
    public async Task Garbage_ClosesTheConnection_AndIsShownInStatus()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();
        var garbage = new byte[] { 0, 0, 0, 6, 1, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' };

        var reason = await SendRawAsync(pair, garbage);

        Assert.StartsWith("protocol error: frame is not a valid message", reason);
        Assert.StartsWith("closed before the handshake: protocol error", pair.Primary.Status.LastRefusedConnection!.Reason);
        Assert.Equal(NodeRole.Standby, pair.Primary.Role);
    }

    [Fact]
    public async Task AnUnknownFrameType_ClosesTheConnection()
    {
        await using var pair = new PairHarness();
        pair.Primary.Coordinator.Start();

        var reason = await SendRawAsync(pair, [0, 0, 0, 2, 9, 0]);

        Assert.Equal("protocol error: unknown frame type 9", reason);
        Assert.Equal(NodeRole.Standby, pair.Primary.Role);
    }
}
