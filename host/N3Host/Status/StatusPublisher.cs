using System.Text;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;
using N3Host.PluginKit.Mqtt;

namespace N3Host.Status;

/// <summary>
/// The node's one MQTT publisher: its retained state (status with a will, role, module states, status sections) from one
/// supervised loop: connect, publish what changed, and after every reconnect publish the whole current state again; a lost
/// connection is noticed by the loop (the disconnected handler only wakes it), which waits <c>mqtt.reconnectDelayMs</c> on the
/// node's clock between attempts. Callers only record the latest payload per topic and never wait for the broker.
/// </summary>
internal sealed class StatusPublisher(MqttSettings options, StatusTopics topics, string nodeName, TimeProvider time, ILogger logger)
{
    private static readonly byte[] Online = Encoding.UTF8.GetBytes("online");
    private static readonly byte[] Offline = Encoding.UTF8.GetBytes("offline");
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _current = new(StringComparer.Ordinal);
    private readonly List<string> _pending = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly List<TaskCompletionSource> _idle = [];
    private IMqttClient? _client;
    private volatile bool _stopping;

    /// <summary>Records the latest payload of a topic; it goes out as soon as the broker is reachable.</summary>
    public void Set(string topic, byte[] payload)
    {
        lock (_lock)
        {
            _current[topic] = payload;
            _pending.Remove(topic);
            _pending.Add(topic);
        }

        Wake();
    }

    /// <summary>Completes when every payload recorded so far has been published (the broker acknowledged it).</summary>
    public async Task<bool> WhenPublishedAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource idle;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return true;
            }

            idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _idle.Add(idle);
        }

        await idle.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient(new MqttNetLoggerBridge(logger));
        _client = client;
        client.DisconnectedAsync += _ =>
        {
            Wake();
            return Task.CompletedTask;
        };

        // The broker may publish an earlier session's will ("offline") after this session said "online" (a restart that
        // reconnects before the broker noticed the old connection die, or takes the old session over): say "online" again.
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (!_stopping && e.ApplicationMessage.Topic == topics.Status && System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload).AsSpan().SequenceEqual(Offline))
            {
                StatusLog.LateWill(logger, topics.Status);
                lock (_lock)
                {
                    _current[topics.Status] = Online;
                    _pending.Remove(topics.Status);
                    _pending.Insert(0, topics.Status);
                }

                Wake();
            }

            return Task.CompletedTask;
        };
        var reportedOutage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(BuildOptions(), cancellationToken).ConfigureAwait(false);
                    StatusLog.Connected(logger, options.Broker, options.TopicPrefix);
                    reportedOutage = false;
                    RepublishAll();
                    await PublishPendingAsync(client, cancellationToken).ConfigureAwait(false);
                    await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topics.Status).Build(), cancellationToken).ConfigureAwait(false);
                }

                await PublishPendingAsync(client, cancellationToken).ConfigureAwait(false);
                if (!await WaitForWorkAsync(cancellationToken).ConfigureAwait(false))
                {
                    // Nothing to publish for a keep-alive period: a ping finds a dead connection the socket has not reported.
                    await client.PingAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The node stops. MQTTnet reports a connect cancelled mid-handshake as an MqttCommunicationException ("Error while
                // authenticating. The operation was canceled."), not as an OperationCanceledException: a stop either way.
                break;
            }
            catch (Exception e)
            {
                // Whatever the broker or the network does, publishing never takes the node (and the role) down.
                if (!reportedOutage)
                {
                    StatusLog.Unavailable(logger, options.Broker, e.Message, options.ReconnectDelay.TotalMilliseconds);
                    reportedOutage = true;
                }

                try
                {
                    await Task.Delay(options.ReconnectDelay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>On a clean stop: publishes <c>offline</c> (the will only covers a crash) and disconnects.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        if (_client is not { IsConnected: true } client)
        {
            return;
        }

        try
        {
            await client.PublishAsync(Message(topics.Status, Offline), cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            StatusLog.PublishFailed(logger, topics.Status, e);
        }
    }

    /// <summary>True when woken (a payload to publish, a disconnect); false after a quiet keep-alive period on the node's clock.</summary>
    private async Task<bool> WaitForWorkAsync(CancellationToken cancellationToken)
    {
        using var quiet = new CancellationTokenSource(KeepAlive, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, quiet.Token);
        try
        {
            await _signal.WaitAsync(either.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    private void RepublishAll()
    {
        lock (_lock)
        {
            _current[topics.Status] = Online;
            var rest = _current.Keys.Where(k => k != topics.Status && !_pending.Contains(k)).ToList();
            _pending.Remove(topics.Status);
            _pending.InsertRange(0, [topics.Status, .. rest]);
        }
    }

    private async Task PublishPendingAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            string topic;
            byte[] payload;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    foreach (var idle in _idle)
                    {
                        idle.TrySetResult();
                    }

                    _idle.Clear();
                    return;
                }

                topic = _pending[0];
                payload = _current[topic];
            }

            await client.PublishAsync(Message(topic, payload), cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (_pending.Count > 0 && _pending[0] == topic && ReferenceEquals(_current[topic], payload))
                {
                    _pending.RemoveAt(0);
                }
                else
                {
                    _pending.Remove(topic);
                    if (!ReferenceEquals(_current[topic], payload))
                    {
                        _pending.Add(topic);
                    }
                }
            }
        }
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload(payload)
        .WithRetainFlag()
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    private MqttClientOptions BuildOptions() => MqttSessionOptions.Create(
            options.Broker.Host,
            MqttSessionOptions.PortOf(options.Broker, options.Tls),
            options.ClientId ?? $"n3host-{nodeName}",
            options.Username,
            options.Password,
            options.Tls,
            KeepAlive,
            TimeSpan.FromSeconds(5),
            topics.Status,
            Offline,
            willRetain: true)
        .Build();
}
