using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using N3Host.Testing;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The node under a service manager: a real <c>n3host run</c> with <c>NOTIFY_SOCKET</c> naming a datagram socket this test listens
/// on, as systemd sets it for a <c>Type=notify</c> unit. No systemd is needed: the node notifies whenever the variable is set.
/// </summary>
public sealed class ServiceNotifyTests : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-notify");

    [Fact]
    public async Task UnderAServiceManager_TheNodeSaysReady_OnlyOnceItsRoleIsKnown_ThenStopping_OnSigterm()
    {
        // A primary whose backup never comes: its redundancy instance decides at once that it is standby while it waits.
        var certificate = HostCertificate.Create("node-b");
        await File.WriteAllTextAsync(_folder.Combine("node-b.pem"), certificate.Pem);
        var config = new NodeConfig("node-a", _folder.Combine("data"), FreePort.Get())
            .Add("redundancy", "Redundancy", new JsonObject
            {
                ["mode"] = "primary",
                ["remoteCertificate"] = "node-b.pem",
                ["server"] = new JsonObject { ["port"] = FreePort.Get(), ["networkInterface"] = "127.0.0.1", ["initialStandbyTime"] = 600_000 },
            })
            .Add("sim", "Simulator", new { periodMs = 500 });
        config.Root["mqtt"] = new JsonObject { ["enabled"] = false };
        var path = config.WriteTo(_folder.Combine("modules.json"));
        var socketPath = _folder.Combine("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var messages = new List<string>();
        using var stop = new CancellationTokenSource();
        var receiving = ReceiveAsync(socket, messages, stop.Token);
        try
        {
            await RunAsync(path, socketPath, messages);
        }
        finally
        {
            await stop.CancelAsync();
            await receiving;
        }
    }

    private static async Task RunAsync(string path, string socketPath, List<string> messages)
    {

        await using var node = NodeProcess.StartExecutable(HostBuild.Executable, ["run", "--config", path],
            environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        await Eventually.TrueAsync(() => Snapshot(messages).Any(m => m.Contains("READY=1", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
            "the node says READY=1", () => string.Join("\n---\n", Snapshot(messages)) + "\n" + node.Output);

        // READY comes with the role the redundancy instance decided, never the placeholder a starting node reports.
        var ready = Snapshot(messages).First(m => m.Contains("READY=1", StringComparison.Ordinal));
        Assert.Contains("STATUS=primary, standby (term ", ready);
        Assert.Contains("for the backup", ready);
        Assert.DoesNotContain("starting:", ready);
        Assert.DoesNotContain(Snapshot(messages).TakeWhile(m => m != ready), m => m.Contains("STOPPING=1", StringComparison.Ordinal));
        Assert.Contains(node.Lines, l => l.Contains("Told the service manager the node is ready", StringComparison.Ordinal));

        node.Terminate();
        Assert.Equal(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Eventually.TrueAsync(() => Snapshot(messages).Any(m => m.Contains("STOPPING=1", StringComparison.Ordinal)), TimeSpan.FromSeconds(10),
            "the node says STOPPING=1 when it stops");
        var all = Snapshot(messages);
        Assert.True(all.FindIndex(m => m.Contains("READY=1", StringComparison.Ordinal)) < all.FindIndex(m => m.Contains("STOPPING=1", StringComparison.Ordinal)),
            string.Join("\n---\n", all));
    }

    [Fact]
    public async Task WithoutAServiceManager_TheNodeRunsAsBefore_AndSaysNothingOfIt()
    {
        var path = new NodeConfig("node-a", _folder.Combine("data"), FreePort.Get()).Add("sim", "Simulator").WriteTo(_folder.Combine("modules.json"));
        await using var node = NodeProcess.Start(path);
        await node.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.DoesNotContain(node.Lines, l => l.Contains("service manager", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();

    private static List<string> Snapshot(List<string> messages)
    {
        lock (messages)
            return [.. messages];
    }

    private static async Task ReceiveAsync(Socket socket, List<string> messages, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (!cancellationToken.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException && cancellationToken.IsCancellationRequested)
            {
                // A receive cancelled by the test's end (on Linux it may end as a SocketException, "Operation canceled").
                return;
            }

            lock (messages)
                messages.Add(Encoding.UTF8.GetString(buffer, 0, length));
        }
    }
}
