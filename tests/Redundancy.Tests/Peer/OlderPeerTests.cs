using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Text;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Peer;

/// <summary>
/// A node of this release and a node of the frame format before it (a mixed pair during an upgrade): they do not pair, and
/// the refusal says why. What the roles do then is what they do when the peer is unreachable (the release note says so).
/// </summary>
public sealed class OlderPeerTests
{
    [Fact]
    public async Task ABackupConnectedToAnOlderPrimary_RefusesToPair_SaysWhy_AndActsAsIfThePrimaryWereUnreachable()
    {
        await using var pair = new PairHarness();
        var backup = pair.Backup;
        backup.Coordinator.Start();
        var toNode = new Pipe();
        var fromNode = new Pipe();
        var link = backup.Coordinator.RunLinkAsync(new InMemoryPeerChannel(toNode.Reader, fromNode.Writer, "memory:old-primary", "OLD"), CancellationToken.None);

        // The older primary's hello: [u32 length][JSON], no type byte.
        var hello = Encoding.UTF8.GetBytes("{\"type\":\"hello\",\"node\":\"old-primary\",\"mode\":\"primary\",\"hostVersion\":\"0.0.9\",\"modules\":[],\"term\":3,\"role\":\"active\"}");
        var frame = new byte[4 + hello.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)hello.Length);
        hello.CopyTo(frame, 4);
        await toNode.Writer.WriteAsync(frame);

        var reason = await link.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(LegacyFrames.Refusal, reason);
        var refused = backup.Status.LastRefusedConnection;
        Assert.NotNull(refused);
        Assert.Equal(LegacyFrames.Refusal, refused.Reason);
        Assert.True(backup.Logger.Contains("must run the same N3Host version", Microsoft.Extensions.Logging.LogLevel.Error), backup.Logger.Dump());
        Assert.False(backup.Status.Peer.Connected);

        // Not paired: after the connection timeout the backup goes active, as with an unreachable primary (a witness would veto).
        backup.Advance(PairHarness.TimeoutMs + 1);
        await Poll.UntilAsync(() => backup.IsActive, "the backup is active", diagnostics: pair.Dump);
        Assert.Equal(NodeRole.Active, backup.Role);
    }
}
