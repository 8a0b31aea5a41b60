using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MQTTnet;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The node publishes its own status on MQTT (a real Mosquitto, a real node process): no module has to do it.</summary>
[Collection(PublishedHostCollection.Name)]
public sealed class NodeStatusTests(PublishedHost host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ANodeWithoutRedundancy_AppearsOnMqtt_WithEveryModulesStateAndSection_AndItsWillSaysOfflineOnSigkill()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var node = new TestNode(host, name: "solo");
        node.Config.Root["mqtt"] = new JsonObject { ["broker"] = broker.Uri, ["topicPrefix"] = "plant/n3host", ["statusIntervalMs"] = 200 };
        node.Config
            .Add("sim", "Simulator", new { periodMs = 100 })
            .Add("off", "Simulator", enabled: false);
        var received = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received[e.ApplicationMessage.Topic] = e.ApplicationMessage.ConvertPayloadToString();
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("scada").Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("plant/n3host/solo/#").Build());
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        string? Latest(string topic) => received.TryGetValue("plant/n3host/solo/" + topic, out var payload) ? payload : null;
        JsonNode? Json(string topic) => Latest(topic) is { } payload ? JsonNode.Parse(payload) : null;
        string Seen() => string.Join("\n", received.Select(p => $"{p.Key} {p.Value}")) + "\n" + process.Output;
        await Eventually.TrueAsync(
            () => Latest("status") == "online"
                && Json("modules/sim")?["state"]?.GetValue<string>() == "active"
                && Json("modules/off")?["state"]?.GetValue<string>() == "stopped"
                && Json("sections/simulator:sim")?["samples"]?.GetValue<long>() > 0
                && Json("redundancy")?["role"]?.GetValue<string>() == "active",
            Patience, $"the node is online with its role, each instance's state and the simulator's section\n{Seen()}");
        var role = Json("redundancy")!;
        Assert.Equal("standalone", role["mode"]!.GetValue<string>());
        Assert.Equal("solo", role["node"]!.GetValue<string>());
        Assert.Equal(0, role["term"]!.GetValue<long>());
        Assert.Equal("Simulator", Json("modules/sim")!["module"]!.GetValue<string>());

        process.Kill();

        await Eventually.TrueAsync(() => Latest("status") == "offline", Patience, $"the broker publishes the killed node's will\n{Seen()}");
    }
}
