using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MQTTnet;

namespace N3Host.Benchmarks.Redundancy;

/// <summary>An MQTTnet subscriber on the nodes' status and redundancy topics, timestamping each message on arrival.</summary>
internal sealed class RoleWatcher : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentDictionary<string, (string Payload, long At)> _latest = new();

    public static async Task<RoleWatcher> StartAsync(int port)
    {
        var watcher = new RoleWatcher();
        watcher._client.ApplicationMessageReceivedAsync += e =>
        {
            var at = Stopwatch.GetTimestamp();
            watcher._latest[e.ApplicationMessage.Topic] = (Encoding.UTF8.GetString(e.ApplicationMessage.Payload), at);
            return Task.CompletedTask;
        };
        await watcher._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("bench-" + Guid.NewGuid().ToString("N")).Build());
        await watcher._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter("n3host/#").Build());
        return watcher;
    }

    /// <summary>The node's role as last published, and when it arrived.</summary>
    public (string? Role, long At) Role(string node)
    {
        if (!_latest.TryGetValue($"n3host/{node}/redundancy", out var message))
        {
            return (null, 0);
        }

        using var json = JsonDocument.Parse(message.Payload);
        return (json.RootElement.GetProperty("role").GetString(), message.At);
    }

    public string? Status(string node) => _latest.TryGetValue($"n3host/{node}/status", out var m) ? m.Payload : null;

    public async ValueTask DisposeAsync()
    {
        await _client.DisconnectAsync();
        _client.Dispose();
    }
}
