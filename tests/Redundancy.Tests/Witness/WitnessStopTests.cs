using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Witness;
using N3Host.Testing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Witness;

/// <summary>The witness client stopped while it is still connecting: its loop ends as a stop, not as a fault of the module.</summary>
public sealed class WitnessStopTests
{
    [Fact]
    public async Task StoppedWhileTheBrokerHasNotAnsweredTheConnect_EndsWithoutAnError()
    {
        // A "broker" that accepts the TCP connection and never answers MQTT's CONNECT: the client waits in its handshake.
        await using var silent = SilentServer.Start();
        var port = silent.Port;
        var log = new TestLog("node-b");
        var (options, error) = WitnessOptions.Parse($"mqtt://127.0.0.1:{port}", "n3host");
        Assert.Null(error);
        await using var witness = new WitnessClient(options!, "pair", "node-b", RedundancyMode.Backup, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1),
            TimeSpan.FromMilliseconds(100), TimeProvider.System, log.Logger);
        using var stopping = new CancellationTokenSource();
        var loop = witness.RunAsync(stopping.Token);
        await silent.FirstConnection(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();

        await loop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(log.Errors());
    }
}
