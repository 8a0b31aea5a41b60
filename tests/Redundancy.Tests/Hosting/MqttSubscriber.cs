using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using MQTTnet;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A real MQTTnet client subscribed to every N3Host topic, recording what arrives (as a dashboard would).</summary>
internal sealed class MqttSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained, long Timestamp)> _messages = new();

    private MqttSubscriber(IMqttClient client) => _client = client;

    public IReadOnlyList<(string Topic, string Payload, bool Retained, long Timestamp)> Messages => [.. _messages];

    public static async Task<MqttSubscriber> StartAsync(int port, string filter = "n3host/#")
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var subscriber = new MqttSubscriber(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            subscriber._messages.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain,
                System.Diagnostics.Stopwatch.GetTimestamp()));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber-" + Guid.NewGuid().ToString("N")).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
        return subscriber;
    }

    public string? Latest(string topic) => _messages.Where(m => m.Topic == topic).Select(m => m.Payload).LastOrDefault();

    public JsonNode? LatestJson(string topic) => Latest(topic) is { } text ? JsonNode.Parse(text) : null;

    public bool Saw(string topic, Func<string, bool> predicate) => _messages.Any(m => m.Topic == topic && predicate(m.Payload));

    public string Dump() => string.Join(Environment.NewLine, _messages.Select(m => $"{m.Topic} {m.Payload}"));

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
