using System.Text.Json.Nodes;
using Links.Tests.Hosting;
using N3Host.Contracts;
using N3Host.Plugins.Links;
using N3Host.Testing.Harness;
using N3Host.Testing;

namespace Links.Tests.Links;

/// <summary>
/// A central node running a Links server and a remote node ("site1") running a Links client that
/// sends its <c>sim/*</c> tags, over real TLS on loopback. The modules are hosted in-process.
/// </summary>
public sealed class LinkRig : IAsyncDisposable
{
    private LinkRig(TestNode central, TestNode remote, int port)
    {
        Central = central;
        Remote = remote;
        Port = port;
    }

    public TestNode Central { get; }

    public TestNode Remote { get; }

    public int Port { get; }

    public LinksModule? Server { get; private set; }

    public ModuleTestContext? ServerContext { get; private set; }

    public LinksModule? Client { get; private set; }

    public ModuleTestContext? ClientContext { get; private set; }

    public ValueCollector? Received { get; private set; }

    /// <summary>Set by a test that expects error logs (for example a full buffer); otherwise any error log fails the test.</summary>
    public bool ErrorsExpected { get; set; }

    public static LinkRig Create(string remoteName = "site1", TimeProvider? remoteTime = null)
    {
        var central = new TestNode("central");
        var remote = new TestNode(remoteName, remoteTime);
        return new LinkRig(central, remote, FreePort.Get());
    }

    public object ServerSettings(string? trusted = null) => new
    {
        role = "server",
        port = Port,
        networkInterface = "127.0.0.1",
        trustedCertificates = new[] { trusted ?? Remote.Certificate.Pem },
    };

    public Dictionary<string, object> ClientSettings(string? pinned = null, int? port = null) => new()
    {
        ["role"] = "client",
        ["host"] = "127.0.0.1",
        ["port"] = port ?? Port,
        ["tags"] = new[] { "sim/*" },
        ["serverCertificates"] = new[] { pinned ?? Central.Certificate.Pem },
        ["connectionTimeout"] = 2000,
        ["reconnectDelay"] = 100,
    };

    public async Task StartServerAsync(object? settings = null)
    {
        Received ??= new ValueCollector(Central.Tags, $"{Remote.Name}/*");
        if (Server is null)
        {
            (Server, ServerContext) = Central.Create("link-in", "Links", settings ?? ServerSettings(), c => ModuleFactory.Create<LinksModule>(c));
        }

        await Server.StartAsync(ServerContext!, CancellationToken.None);
    }

    public async Task StopServerAsync()
    {
        if (Server is not null)
        {
            await Server.StopAsync(CancellationToken.None);
        }
    }

    public async Task StartClientAsync(object? settings = null)
    {
        (Client, ClientContext) = Remote.Create("link-out", "Links", settings ?? ClientSettings(), c => ModuleFactory.Create<LinksModule>(c));
        await Client.StartAsync(ClientContext, CancellationToken.None);
    }

    public async Task StopClientAsync()
    {
        if (Client is not null)
        {
            await Client.StopAsync(CancellationToken.None);
            Client = null;
        }
    }

    public JsonNode ClientStatus => Remote.Services.StatusJson("links:link-out") ?? throw new InvalidOperationException("no client status section");

    public JsonNode ServerStatus => Central.Services.StatusJson("links:link-in") ?? throw new InvalidOperationException("no server status section");

    public bool ClientConnected => Remote.Services.StatusJson("links:link-out")?["connected"]?.GetValue<bool>() == true;

    /// <summary>Publishes <paramref name="count"/> numbers on the remote node: <c>sim/counter</c> = first, first+1, ...</summary>
    public async Task PublishCounterAsync(int first, int count, string path = "sim/counter")
    {
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await Remote.Tags.PublishAsync(TagValue.FromNumber(path, first + i, start.AddTicks(i)), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopClientAsync();
        await StopServerAsync();
        Received?.Dispose();
        var faults = (ServerContext?.Faults ?? []).Concat(ClientContext?.Faults ?? []).ToList();
        Central.Dispose();
        Remote.Dispose();
        if (faults.Count > 0)
        {
            throw new InvalidOperationException("a module reported a fault: " + string.Join("; ", faults.Select(f => f.Message)));
        }

        if (!ErrorsExpected)
        {
            TestLog.ThrowIfUnexpectedErrors([Central.Logs, Remote.Logs]);
        }
    }
}
