using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The published install as a dashboard sees it: a real MQTTnet client on the node's embedded broker.</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class EmbeddedBrokerTests(PublishedHost host)
{
    private static readonly string[] Topics = ["n3host/dash/status", "n3host/dash/redundancy", "n3host/dash/modules/sim"];

    [Fact]
    public async Task ADashboard_ConnectingToTheEmbeddedBroker_SeesTheNodeOnlineActiveAndItsModules()
    {
        using var node = new TestNode(host, name: "dash");
        var brokerPort = FreePort.Get();
        node.Config
            .Add("broker", "MqttBroker", new { port = brokerPort })
            .Add("redundancy", "Redundancy", new { mode = "standalone", mqtt = new { broker = $"mqtt://127.0.0.1:{brokerPort}" } })
            .Add("sim", "Simulator", new { periodMs = 100 });
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        // What a dashboard gets when it connects: the retained state of the node (each attempt is a new dashboard).
        IReadOnlyDictionary<string, string> seen = new Dictionary<string, string>();
        await Eventually.TrueAsync(
            async () =>
            {
                seen = await RetainedAsync(brokerPort, "n3host/dash/#");
                return Topics.All(seen.ContainsKey)
                    && seen["n3host/dash/status"] == "online"
                    && JsonNode.Parse(seen["n3host/dash/modules/sim"])!["state"]!.GetValue<string>() == "active";
            },
            TimeSpan.FromSeconds(30), $"a new subscriber gets status online, the redundancy state and the simulator active; got: {string.Join(", ", seen.Keys)}");

        var redundancy = JsonNode.Parse(seen["n3host/dash/redundancy"])!;
        Assert.Equal("standalone", redundancy["mode"]!.GetValue<string>());
        Assert.Equal("active", redundancy["role"]!.GetValue<string>());
        Assert.Equal("dash", redundancy["node"]!.GetValue<string>());
    }

    private static async Task<IReadOnlyDictionary<string, string>> RetainedAsync(int port, string filter)
    {
        var received = new ConcurrentDictionary<string, string>();
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Retain)
                received[e.ApplicationMessage.Topic] = Encoding.UTF8.GetString(e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("dashboard-" + Guid.NewGuid().ToString("N")).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
        for (var i = 0; i < 20 && !Topics.All(received.ContainsKey); i++)
            await Task.Delay(50);
        await client.DisconnectAsync();
        return received;
    }
}
