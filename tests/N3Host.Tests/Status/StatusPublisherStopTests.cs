using N3Host.Contracts;
using N3Host.Testing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Tests.Status;

/// <summary>The node's MQTT status publisher stopped while it is still connecting: a stop like any other, no error in the log.</summary>
public sealed class StatusPublisherStopTests
{
    [Fact]
    public async Task StoppedWhileTheBrokerHasNotAnsweredTheConnect_StopsQuietly()
    {
        // A "broker" that accepts the TCP connection and never answers MQTT's CONNECT: the publisher waits in its handshake.
        await using var silent = SilentServer.Start();
        var port = silent.Port;
        var log = new TestLog("node-a");
        var time = TimeProvider.System;
        var status = HostNodeStatus.Start($"mqtt://127.0.0.1:{port}", new NodeInfo("node-a", Path.GetTempPath(), new Version(0, 1, 0), new Version(1, 5, 0), "modules.json"),
            new HostModuleStates(), new HostRoleGate(time), new HostNodeServices(), log.Logger);
        await silent.FirstConnection(TimeSpan.FromSeconds(30));

        await status.StopAsync();

        Assert.Empty(log.Errors());
    }
}
