using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using N3Host.Plugins.MqttBroker;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Broker;

public sealed class BrokerAccessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WithUsernameAndPassword_OnlyThoseCredentialsConnect()
    {
        await using var broker = new BrokerHarness(output, new { username = "scada", password = "s3cret!" });
        await broker.StartAsync();

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(broker, "no-credentials", null, null));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(broker, "wrong-password", "scada", "guess"));
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await TryConnectAsync(broker, "wrong-user", "admin", "s3cret!"));
        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(broker, "right", "scada", "s3cret!"));

        // The broker counts a client when its connected event runs, just after the CONNACK the client has seen.
        await Eventually.TrueAsync(() => broker.Status.ClientsConnected == 1, TimeSpan.FromSeconds(10), "the broker counts the one connected client");
        var refusals = broker.Context.Log.Entries.Where(e => e.EventName == "BrokerClientRefused").ToList();
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.DoesNotContain(broker.Context.Log.Entries, e => e.Message.Contains("s3cret!", StringComparison.Ordinal) || e.Message.Contains("guess", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutCredentialsConfigured_AnyClientConnects()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();

        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(broker, "anonymous", null, null));
        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(broker, "with-user", "someone", "anything"));
    }

    [Fact]
    public async Task PortInUse_FailsStart_NamingPortAndAddress_AndStartsOnceThePortIsFree()
    {
        var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((IPEndPoint)blocker.LocalEndpoint).Port;
        await using var broker = new BrokerHarness(output, port: port);
        broker.ExpectErrors();
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(broker.StartAsync);

            Assert.Equal(
                $"MqttBroker instance 'broker' cannot listen on 127.0.0.1:{port}: port {port} on 127.0.0.1 is already in use (another MQTT broker such as Mosquitto, or another instance?). Choose another 'port' or stop the other program",
                error.Message);
            Assert.Contains(broker.Context.Log.Entries, e => e.Level == LogLevel.Error && e.EventName == "BrokerStartFailed");
            Assert.False(broker.Context.NodeServices.HasStatus(MqttBrokerModule.StatusKey("broker")));
        }
        finally
        {
            blocker.Stop();
        }

        // What the host's restart after the back-off does: the same module object starts now that the port is free.
        await broker.StartAsync();
        Assert.Equal(MqttClientConnectResultCode.Success, await TryConnectAsync(broker, "after", null, null));
    }

    [Fact]
    public async Task AfterStop_ThePortIsFree_AndClientsAreDisconnected()
    {
        var broker = new BrokerHarness(output);
        await broker.StartAsync();
        var client = await broker.ConnectAsync("viewer");

        await broker.Module.StopAsync(CancellationToken.None);

        await Eventually.TrueAsync(() => !client.IsConnected, TimeSpan.FromSeconds(30), "the client saw the broker stop");
        using var listener = new TcpListener(IPAddress.Loopback, broker.Port);
        listener.Start();
        listener.Stop();
        Assert.False(broker.Context.NodeServices.HasStatus(MqttBrokerModule.StatusKey("broker")));
        Assert.Contains(broker.Context.Log.Entries, e => e.EventName == "BrokerStopped");
        client.Dispose();
        broker.Module.Dispose();
        broker.Context.Dispose();
    }

    private static async Task<MqttClientConnectResultCode> TryConnectAsync(BrokerHarness broker, string clientId, string? username, string? password)
    {
        var options = broker.ClientOptions(clientId);
        if (username is not null)
        {
            options.WithCredentials(username, password);
        }

        var client = broker.NewClient();
        var result = await client.ConnectAsync(options.Build());
        return result.ResultCode;
    }
}
