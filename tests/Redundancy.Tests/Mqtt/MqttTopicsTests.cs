using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Tests.Hosting;
using N3Host.Testing.Harness;
using N3Host.Testing;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Mqtt;

public sealed class MqttTopicsTests
{
    private static bool Role(MqttSubscriber subscriber, string node, string role) =>
        subscriber.LatestJson($"n3host/{node}/redundancy")?["role"]?.GetValue<string>() == role;

    [Fact]
    public async Task RoleChanges_ArePublishedRetained_AndTheWillShowsOffline_WhenTheClientConnectionIsCut()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var relay = new TcpRelay(broker.Port);
        await using var pair = new TlsPair(mqttBroker: broker.Uri, backupMqttBroker: $"mqtt://127.0.0.1:{relay.Port}");
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();

        await Poll.UntilAsync(() => Role(subscriber, "node-a", "active") && Role(subscriber, "node-b", "standby")
            && subscriber.Latest("n3host/node-a/status") == "online" && subscriber.Latest("n3host/node-b/status") == "online",
            "the subscriber sees the pair", diagnostics: subscriber.Dump);
        var a = subscriber.LatestJson("n3host/node-a/redundancy")!;
        Assert.Equal("primary", a["mode"]!.GetValue<string>());
        Assert.True(a["peerConnected"]!.GetValue<bool>());
        Assert.Equal("standby", a["peerRole"]!.GetValue<string>());
        Assert.Equal("0.1.0", a["hostVersion"]!.GetValue<string>());
        Assert.True(a["term"]!.GetValue<long>() >= 1);

        await pair.Primary.StopAsync();

        await Poll.UntilAsync(() => Role(subscriber, "node-b", "active") && subscriber.Latest("n3host/node-a/status") == "offline",
            "the subscriber sees the backup active and the primary offline", diagnostics: subscriber.Dump);
        Assert.Contains("the primary is unavailable", subscriber.LatestJson("n3host/node-b/redundancy")!["reason"]!.GetValue<string>());

        var before = subscriber.Messages.Count;
        relay.CutAll();

        await Poll.UntilAsync(() => subscriber.Messages.Skip(before).Any(m => m.Topic == "n3host/node-b/status" && m.Payload == "offline"),
            "the broker published the backup's will", diagnostics: subscriber.Dump);
        await Poll.UntilAsync(
            () => subscriber.Messages.Skip(before).SkipWhile(m => m.Payload != "offline").Any(m => m.Topic == "n3host/node-b/status" && m.Payload == "online")
                && subscriber.Messages.Skip(before).Any(m => m.Topic == "n3host/node-b/redundancy"),
            "after the reconnect the backup published its state again", diagnostics: subscriber.Dump);
        Assert.True(Role(subscriber, "node-b", "active"));
    }

    [Fact]
    public async Task AnEarlierSessionsWillArrivingLate_DoesNotLeaveTheNodeOfflineOnTheBroker()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = new TlsPair(initialStandbyMs: 300, mqttBroker: broker.Uri);
        await pair.Primary.StartAsync();
        await Poll.UntilAsync(() => subscriber.Latest("n3host/node-a/status") == "online", "the node is online", diagnostics: subscriber.Dump);

        // What the broker does when it notices the previous incarnation's connection die only now: its retained will.
        var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("late-will").Build());
        var before = subscriber.Messages.Count;
        await client.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder().WithTopic("n3host/node-a/status").WithPayload("offline").WithRetainFlag()
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptions());
        client.Dispose();

        await Poll.UntilAsync(() => subscriber.Messages.Skip(before).SkipWhile(m => m.Payload != "offline").Any(m => m.Topic == "n3host/node-a/status" && m.Payload == "online"),
            "the node says online again", diagnostics: subscriber.Dump);
        Assert.Equal("online", subscriber.Latest("n3host/node-a/status"));
    }

    [Fact]
    public async Task EveryModulesStatusSection_IsOnMqtt_AndAgainWhenItChanges()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = new TlsPair(initialStandbyMs: 300, mqttBroker: broker.Uri);
        var skipped = 3;
        pair.Primary.Context.Services.AddStatus("simulator:sim", () => new { skippedPeriods = skipped, lastBurst = new { periods = 2 } });
        await pair.Primary.StartAsync();

        await Poll.UntilAsync(() => subscriber.LatestJson("n3host/node-a/sections/simulator:sim")?["skippedPeriods"]?.GetValue<int>() == 3,
            "the section is on the broker", diagnostics: subscriber.Dump);
        Assert.Equal(2, subscriber.LatestJson("n3host/node-a/sections/simulator:sim")!["lastBurst"]!["periods"]!.GetValue<int>());
        Assert.DoesNotContain(subscriber.Messages, m => m.Topic == "n3host/node-a/sections/redundancy");

        skipped = 5;
        await Poll.UntilAsync(() => subscriber.LatestJson("n3host/node-a/sections/simulator:sim")?["skippedPeriods"]?.GetValue<int>() == 5,
            "the changed section is on the broker", diagnostics: subscriber.Dump);
    }

    [Fact]
    public async Task PrimaryWithoutBackup_SaysSoOnMqtt()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);
        await using var pair = new TlsPair(initialStandbyMs: 300, mqttBroker: broker.Uri);

        await pair.Primary.StartAsync();

        await Poll.UntilAsync(() => Role(subscriber, "node-a", "active"), "the primary is active", diagnostics: subscriber.Dump);
        var payload = subscriber.LatestJson("n3host/node-a/redundancy")!;
        Assert.Contains("the backup did not connect within the initial standby time (300 ms); active without synchronization", payload["reason"]!.GetValue<string>());
        Assert.False(payload["peerConnected"]!.GetValue<bool>());
    }

    [Fact]
    public async Task NewSubscriber_GetsTheRetainedState()
    {
        await using var broker = await Mosquitto.StartAsync();
        await using var pair = new TlsPair(mqttBroker: broker.Uri);
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Role == "active", "paired", diagnostics: pair.Dump);

        await using var late = await MqttSubscriber.StartAsync(broker.Port);

        await Poll.UntilAsync(() => Role(late, "node-a", "active") && Role(late, "node-b", "standby"), "retained state arrives", diagnostics: late.Dump);
        Assert.Contains(late.Messages, m => m.Topic == "n3host/node-a/redundancy" && m.Retained);
        Assert.Contains(late.Messages, m => m.Topic == "n3host/node-b/redundancy" && m.Retained);
        Assert.Contains(late.Messages, m => m.Topic == "n3host/node-a/status" && m.Retained && m.Payload == "online");
    }

    [Fact]
    public async Task RoleChanges_DoNotWaitForTheBroker_AndTheStateIsPublishedWhenItComes()
    {
        var brokerPort = FreePort.Get();
        await using var pair = new TlsPair(mqttBroker: $"mqtt://127.0.0.1:{brokerPort}");
        await pair.Primary.StartAsync();
        await pair.Backup.StartAsync();
        await Poll.UntilAsync(() => pair.Primary.IsActive && pair.Backup.Status.Peer.Role == "active", "paired without a broker", diagnostics: pair.Dump);
        await pair.Primary.StopAsync();
        await Poll.UntilAsync(() => pair.Backup.IsActive, "the backup took over without a broker", diagnostics: pair.Dump);

        await using var broker = await Mosquitto.StartAsync(brokerPort);
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port);

        await Poll.UntilAsync(() => Role(subscriber, "node-b", "active") && subscriber.Latest("n3host/node-b/status") == "online",
            "the backup's current state is published once the broker is up", diagnostics: subscriber.Dump);
        Assert.True(pair.Backup.Context.Log.Contains("unavailable"));
    }

    [Fact]
    public async Task Standalone_PublishesStatusRoleAndModuleStates()
    {
        await using var broker = await Mosquitto.StartAsync();
        using var folder = new TempFolder();
        await using var node = new ModuleNode("solo", folder.Path, HostCertificate.Create("solo"), new { mqtt = new { broker = broker.Uri, topicPrefix = "plant1/n3host" } }, new RoleHistory());
        await using var subscriber = await MqttSubscriber.StartAsync(broker.Port, "plant1/#");
        await node.StartAsync();

        await Poll.UntilAsync(() => subscriber.Latest("plant1/n3host/solo/status") == "online"
            && subscriber.LatestJson("plant1/n3host/solo/redundancy")?["mode"]?.GetValue<string>() == "standalone"
            && subscriber.LatestJson("plant1/n3host/solo/modules/redundancy") is not null, "standalone state published", diagnostics: subscriber.Dump);
        Assert.Equal("active", subscriber.LatestJson("plant1/n3host/solo/redundancy")!["role"]!.GetValue<string>());
        Assert.True(node.Role.IsActive);

        node.Context.ModuleStates.Set(new ModuleStatus("sim", "Simulator", "0.1.0", ModuleState.Faulted, "boom", DateTimeOffset.UtcNow));

        await Poll.UntilAsync(() => subscriber.LatestJson("plant1/n3host/solo/modules/sim")?["state"]?.GetValue<string>() == "faulted",
            "the module state is published", diagnostics: subscriber.Dump);
        var sim = subscriber.LatestJson("plant1/n3host/solo/modules/sim")!;
        Assert.Equal("0.1.0", sim["version"]!.GetValue<string>());
        Assert.Equal("Simulator", sim["module"]!.GetValue<string>());

        await node.StopAsync();
        await Poll.UntilAsync(() => subscriber.Latest("plant1/n3host/solo/status") == "offline", "a clean stop publishes offline", diagnostics: subscriber.Dump);
    }
}
