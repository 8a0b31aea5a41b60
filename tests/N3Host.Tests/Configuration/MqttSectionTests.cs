using N3Host.Configuration;
using Xunit;

namespace N3Host.Tests.Configuration;

/// <summary>The node's <c>mqtt</c> section: at the top level, or (before 0.2) in the Redundancy instance's settings.</summary>
public sealed class MqttSectionTests
{
    private const string File = "/etc/n3/modules.json";

    private static NodeConfiguration Parse(string json) => ConfigurationLoader.Parse(json, File);

    [Fact]
    public void WithoutASection_TheNodePublishesToTheDefaultBroker()
    {
        var mqtt = Parse("""{ "modules": [ { "instance": "sim", "module": "Simulator" } ] }""").Mqtt;

        Assert.True(mqtt.Enabled);
        Assert.Equal(new Uri("mqtt://127.0.0.1:1883"), mqtt.Broker);
        Assert.Equal("n3host", mqtt.TopicPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), mqtt.StatusInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), mqtt.ReconnectDelay);
    }

    [Fact]
    public void TheTopLevelSection_IsRead()
    {
        var mqtt = Parse("""
            { "mqtt": { "broker": "mqtts://broker.plant:8883", "topicPrefix": "plant/a", "clientId": "gw1", "username": "u", "password": "p",
                        "statusIntervalMs": 0, "reconnectDelayMs": 250 },
              "modules": [] }
            """).Mqtt;

        Assert.Equal("broker.plant", mqtt.Broker.Host);
        Assert.True(mqtt.Tls);
        Assert.Equal("plant/a", mqtt.TopicPrefix);
        Assert.Equal("gw1", mqtt.ClientId);
        Assert.Equal(("u", "p"), (mqtt.Username, mqtt.Password));
        Assert.Equal(TimeSpan.Zero, mqtt.StatusInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), mqtt.ReconnectDelay);
        Assert.Equal("mqtt", mqtt.Source);
    }

    [Fact]
    public void TheRedundancyInstancesSection_IsStillRead_WhenTheTopLevelHasNone()
    {
        var mqtt = Parse("""
            { "modules": [ { "instance": "red", "module": "Redundancy", "settings": { "mode": "standalone", "mqtt": { "broker": "mqtt://10.0.0.5:1884", "enabled": false } } } ] }
            """).Mqtt;

        Assert.Equal(new Uri("mqtt://10.0.0.5:1884"), mqtt.Broker);
        Assert.False(mqtt.Enabled);
        Assert.Equal("instance \"red\": mqtt", mqtt.Source);
    }

    [Theory]
    [InlineData("""{ "mqtt": { "broker": "http://x" } }""", "mqtt.broker: \"http://x\" is not allowed (allowed: mqtt://host:port or mqtts://host:port, default mqtt://127.0.0.1:1883)")]
    [InlineData("""{ "mqtt": { "topicPrefix": "a/#" } }""", "mqtt.topicPrefix: \"a/#\" is not allowed")]
    [InlineData("""{ "mqtt": { "statusIntervalMs": 50 } }""", "mqtt.statusIntervalMs: 50 is out of range (allowed: 0 (never) or 200 to 3600000, default 5000)")]
    [InlineData("""{ "mqtt": { "reconnectDelayMs": 5 } }""", "mqtt.reconnectDelayMs: 5 is out of range (allowed: 100 to 600000, default 1000)")]
    [InlineData("""{ "mqtt": { "enabled": "no" } }""", "mqtt.enabled: \"no\" is not allowed (allowed: true or false, default true)")]
    [InlineData("""{ "mqtt": { "brokr": "mqtt://x" } }""", "mqtt: unknown setting \"brokr\"")]
    [InlineData("""{ "modules": [ { "instance": "red", "module": "Redundancy", "settings": { "mqtt": { "broker": "tcp://x" } } } ] }""", "instance \"red\": mqtt.broker: \"tcp://x\" is not allowed")]
    [InlineData("""{ "mqtt": { }, "modules": [ { "instance": "red", "module": "Redundancy", "settings": { "mqtt": { } } } ] }""", "mqtt: set both at the top level and in instance \"red\"'s settings")]
    public void BadValue_NamesTheSettingAndTheAllowedRange(string json, string expected)
    {
        var message = Assert.Throws<ConfigurationException>(() => Parse(json)).Message;

        Assert.StartsWith(File + ": ", message);
        Assert.Contains(expected, message);
    }
}
