using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using N3Host.Contracts;
using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.Redundancy.Witness;

/// <summary>
/// This node's session with the witness broker, in one supervised reconnect loop: a heartbeat every heartbeat interval on
/// <c>&lt;prefix&gt;/&lt;pair&gt;/&lt;mode&gt;</c> (QoS 0, not retained, the will says offline), and a subscription to the peer's
/// topic and its own (its own heartbeat coming back proves the path to the witness works). Freshness is judged on this
/// node's monotonic clock at arrival, never on the sender's wall clock.
/// </summary>
internal sealed class WitnessClient : IWitness, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly WitnessOptions _options;
    private readonly string _node;
    private readonly RedundancyMode _mode;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _reconnectDelay;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _ownTopic;
    private readonly string _peerTopic;
    private readonly ITimer _beatTimer;
    private readonly ITimer _selfStale;
    private readonly ITimer _peerStale;
    private IMqttClient? _client;
    private NodeRole _role = NodeRole.Standby;
    private long _term;
    private long _seq;
    private long? _selfSeen;
    private long _echoedSeq;
    private long? _peerSeen;
    private WitnessBeat? _peer;
    private bool _connected;
    private string? _lastError;
    private WitnessView _lastView;

    public WitnessClient(WitnessOptions options, string pairId, string node, RedundancyMode mode, TimeSpan timeout, TimeSpan interval, TimeSpan reconnectDelay,
        TimeProvider time, ILogger logger)
    {
        _options = options;
        _node = node;
        _mode = mode;
        _timeout = timeout;
        _interval = interval;
        _reconnectDelay = reconnectDelay;
        _time = time;
        _logger = logger;
        var peerMode = mode == RedundancyMode.Primary ? RedundancyMode.Backup : RedundancyMode.Primary;
        _ownTopic = WitnessMessages.Topic(options, pairId, mode);
        _peerTopic = WitnessMessages.Topic(options, pairId, peerMode);
        _lastView = WitnessView.None(options.Display);
        _beatTimer = time.CreateTimer(static s => ((WitnessClient)s!).Beat(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _selfStale = time.CreateTimer(static s => ((WitnessClient)s!).Recheck(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _peerStale = time.CreateTimer(static s => ((WitnessClient)s!).Recheck(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public event Action? Changed;

    public long SentSeq
    {
        get
        {
            lock (_lock)
            {
                return _seq;
            }
        }
    }

    public WitnessView View
    {
        get
        {
            lock (_lock)
            {
                return ViewLocked();
            }
        }
    }

    public void Publish(NodeRole role, long term)
    {
        lock (_lock)
        {
            if (_role == role && _term == term)
            {
                return;
            }

            _role = role;
            _term = term;
        }

        Beat();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient(new MqttNetLoggerBridge(_logger));
        _client = client;
        using var disconnected = new SemaphoreSlim(0);
        client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += _ =>
        {
            disconnected.Release();
            return Task.CompletedTask;
        };
        var reported = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await client.ConnectAsync(WitnessMessages.ClientOptions(_options, _node, _mode, _ownTopic, _timeout), cancellationToken).ConfigureAwait(false);
                await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(_ownTopic, MqttQualityOfServiceLevel.AtMostOnce)
                    .WithTopicFilter(_peerTopic, MqttQualityOfServiceLevel.AtMostOnce)
                    .Build(), cancellationToken).ConfigureAwait(false);
                lock (_lock)
                {
                    _connected = true;
                    _lastError = null;
                }

                Log.Connected(_logger, _options.Display, _ownTopic);
                reported = false;
                _beatTimer.Change(TimeSpan.Zero, _interval);
                while (disconnected.CurrentCount > 0)
                {
                    await disconnected.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                if (client.IsConnected)
                {
                    await disconnected.WaitAsync(cancellationToken).ConfigureAwait(false);
                }

                OnDisconnected("the connection to the witness broker closed");
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The module stops. A connect cancelled mid-handshake comes as MQTTnet's MqttCommunicationException: a stop all the same.
                break;
            }
            catch (Exception e)
            {
                // Whatever the broker does, the witness never takes the redundancy module (and the role) down.
                OnDisconnected(e.Message);
                if (!reported)
                {
                    Log.Unavailable(_logger, _options.Display, e.Message, _reconnectDelay.TotalMilliseconds);
                    reported = true;
                }
            }

            try
            {
                await Task.Delay(_reconnectDelay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _beatTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (client.IsConnected)
        {
            try
            {
                // A clean stop says offline itself (the will covers a crash only).
                await client.PublishAsync(WitnessMessages.Message(_ownTopic, Payload(online: false)), CancellationToken.None).ConfigureAwait(false);
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // Stopping with a broken connection: the will says offline.
            }
        }

        _client = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _beatTimer.DisposeAsync().ConfigureAwait(false);
        await _selfStale.DisposeAsync().ConfigureAwait(false);
        await _peerStale.DisposeAsync().ConfigureAwait(false);
    }

    private void Beat()
    {
        if (_client is not { IsConnected: true } client)
        {
            return;
        }

        var message = WitnessMessages.Message(_ownTopic, Payload(online: true));
        _ = PublishQuietlyAsync(client, message);
    }

    private async Task PublishQuietlyAsync(IMqttClient client, MqttApplicationMessage message)
    {
        try
        {
            await client.PublishAsync(message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The loop notices the lost connection and reconnects.
        }
    }

    private byte[] Payload(bool online)
    {
        lock (_lock)
        {
            return JsonSerializer.SerializeToUtf8Bytes(new WitnessBeat(_node, _mode, _role, _term, online, ++_seq), WitnessMessages.Json);
        }
    }

    private void OnMessage(string topic, ReadOnlySequence<byte> payload)
    {
        if (WitnessMessages.Parse(payload) is not { } beat)
        {
            return;
        }

        var now = _time.GetTimestamp();
        var stale = _timeout + TimeSpan.FromMilliseconds(1);
        if (topic == _ownTopic)
        {
            if (beat.Node != _node || !beat.Online)
            {
                return;
            }

            lock (_lock)
            {
                _selfSeen = now;
                _echoedSeq = Math.Max(_echoedSeq, beat.Seq);
            }

            _selfStale.Change(stale, Timeout.InfiniteTimeSpan);
        }
        else if (topic == _peerTopic)
        {
            lock (_lock)
            {
                _peer = beat;
                _peerSeen = beat.Online ? now : null;
            }

            _peerStale.Change(stale, Timeout.InfiniteTimeSpan);
        }

        Recheck();
    }

    private void OnDisconnected(string reason)
    {
        lock (_lock)
        {
            _connected = false;
            _selfSeen = null;
            _lastError = reason;
        }

        _beatTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Recheck();
    }

    /// <summary>Raises <see cref="Changed"/> when what the state machine decides on changed (reachability, the peer's liveness, role, term).</summary>
    private void Recheck()
    {
        WitnessView view;
        bool changed;
        string? peerState = null;
        lock (_lock)
        {
            view = ViewLocked();
            var last = _lastView;
            changed = view.EchoedSeq != last.EchoedSeq || view.Reachable != last.Reachable || view.PeerAlive != last.PeerAlive || view.PeerRole != last.PeerRole || view.PeerTerm != last.PeerTerm
                || view.Connected != last.Connected;
            if (view.PeerAlive != last.PeerAlive && view.PeerNode is not null)
            {
                peerState = view.PeerAlive ? $"alive ({Lower(view.PeerRole)}, term {view.PeerTerm})" : "silent or offline";
            }

            _lastView = view;
        }

        if (peerState is not null)
        {
            Log.Peer(_logger, view.PeerNode!, peerState);
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }

    private static string Lower(NodeRole? role) => role?.ToString().ToLowerInvariant() ?? "unknown";

    private WitnessView ViewLocked()
    {
        var now = _time.GetTimestamp();
        bool Fresh(long? seen) => seen is { } at && _time.GetElapsedTime(at, now) <= _timeout;
        var peerAlive = Fresh(_peerSeen);
        return new WitnessView(_options.Display, _connected, _connected && Fresh(_selfSeen), peerAlive, _peer?.Node, peerAlive ? _peer?.Role : null,
            peerAlive ? _peer?.Term : null, _peerSeen is { } seen ? (long)_time.GetElapsedTime(seen, now).TotalMilliseconds : null, _lastError)
        {
            EchoedSeq = _echoedSeq,
        };
    }
}
