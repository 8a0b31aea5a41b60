using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Links.Tests.Agent;
using MQTTnet;
using N3Host.Testing;
using Xunit;

namespace Links.Tests.Links;

/// <summary>Link and agent state published on a real Mosquitto broker by the node's status publisher (the modules have no MQTT client).</summary>
public sealed class MqttStateTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LinkState_IsPublishedRetained_AndFollowsTheLink()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var rig = LinkRig.Create();
        var settings = rig.ClientSettings();
        settings["mqtt"] = new { broker = broker.Uri, period = 100 };
        await using var status = rig.Remote.PublishStatus(broker.Uri);
        await rig.StartServerAsync();
        await rig.StartClientAsync(settings);
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link connects");

        using var watcher = await TopicWatcher.StartAsync(broker.Port, "n3host/site1/links/link-out");
        await Eventually.TrueAsync(() => watcher.Latest?["connected"]?.GetValue<bool>() == true && watcher.Latest?["peer"]?.GetValue<string>() == "central", Patience, "a late subscriber gets the retained link state: connected to central");

        await rig.StopServerAsync();
        await rig.PublishCounterAsync(1, 25);
        await Eventually.TrueAsync(
            () => watcher.Latest?["connected"]?.GetValue<bool>() == false && watcher.Latest?["bufferedValues"]?.GetValue<long>() == 25,
            Patience,
            "the state shows the link down with 25 values buffered");
    }

    [Fact]
    public async Task AgentState_IsPublishedRetained()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var rig = new PairRig();
        await rig.ActivateAsync(rig.Alpha, 1);
        await using var status = rig.Remote.PublishStatus(broker.Uri);
        await rig.StartRemoteAsync(new
        {
            port = rig.AgentPort,
            primary = new { host = "127.0.0.1", port = rig.AlphaPort },
            backup = new { host = "127.0.0.1", port = rig.BetaPort },
            mqtt = new { broker = broker.Uri, period = 100 },
        });
        using var watcher = await TopicWatcher.StartAsync(broker.Port, "n3host/site1/redundancyAgent/agent");
        await Eventually.TrueAsync(() => watcher.Latest?["targetNode"]?.GetValue<string>() == "alpha" && watcher.Latest?["connections"]?.GetValue<int>() == 1, Patience, "the agent's state shows alpha as target with the link's connection");
        await rig.ActivateAsync(rig.Beta, 2);
        await Eventually.TrueAsync(() => watcher.Latest?["targetNode"]?.GetValue<string>() == "beta", Patience, "the agent's state follows the failover");
    }

    [Fact]
    public async Task LinkStatusSection_IsOnTheNodesSectionTopic_WithoutAnMqttSection()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var rig = LinkRig.Create();
        await using var status = rig.Remote.PublishStatus(broker.Uri);
        await rig.StartServerAsync();
        await rig.StartClientAsync(rig.ClientSettings());
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link connects");

        using var watcher = await TopicWatcher.StartAsync(broker.Port, "n3host/site1/sections/links:link-out");
        await Eventually.TrueAsync(() => watcher.Latest?["connected"]?.GetValue<bool>() == true, Patience,
            "the node publishes the link's status section, the module does nothing for it");
        using var own = await TopicWatcher.StartAsync(broker.Port, "n3host/site1/links/link-out");
        await Task.Delay(500);
        Assert.Null(own.Latest);
    }

    private sealed class TopicWatcher : IDisposable
    {
        private readonly IMqttClient _client;
        private readonly ConcurrentQueue<JsonNode> _messages = new();

        private TopicWatcher(IMqttClient client) => _client = client;

        public JsonNode? Latest => _messages.LastOrDefault();

        public static async Task<TopicWatcher> StartAsync(int port, string topic)
        {
            var client = new MqttClientFactory().CreateMqttClient();
            var watcher = new TopicWatcher(client);
            client.ApplicationMessageReceivedAsync += e =>
            {
                watcher._messages.Enqueue(JsonNode.Parse(e.ApplicationMessage.ConvertPayloadToString())!);
                return Task.CompletedTask;
            };
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).Build());
            await client.SubscribeAsync(topic);
            return watcher;
        }

        public void Dispose() => _client.Dispose();
    }
}
