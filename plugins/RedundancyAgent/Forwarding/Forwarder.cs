using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using N3Host.Transport.Listening;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>
/// Listens on the local port and forwards each connection to the pair's active node. When the active
/// node changes, connections to the old one are closed (their link clients reconnect and reach the new one).
/// </summary>
internal sealed class Forwarder : IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly ActiveNodeTracker _tracker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<ForwardedConnection, byte> _connections = new();
    private AcceptLoop? _listener;
    private Task _accepting = Task.CompletedTask;

    public Forwarder(AgentOptions options, ActiveNodeTracker tracker, TimeProvider time, ILogger logger)
    {
        _options = options;
        _tracker = tracker;
        _time = time;
        _logger = logger;
        _tracker.TargetChanged += OnTargetChanged;
    }

    public AgentCounters Counters { get; } = new();

    public string Endpoint => new IPEndPoint(_options.NetworkInterface, _options.Port).ToString();

    public int Connections => _connections.Count;

    public void Start(string instance)
    {
        AcceptLoop listener;
        try
        {
            listener = AcceptLoop.Listen(new IPEndPoint(_options.NetworkInterface, _options.Port), backlog: 128);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException(
                $"RedundancyAgent instance '{instance}': cannot listen on {Endpoint} (settings 'networkInterface' and 'port'): {ex.SocketErrorCode}, {ex.Message}", ex);
        }

        _listener = listener;
        _logger.AgentListening(Endpoint, _options.Primary.ToString(), _options.Backup.ToString());
        _accepting = Task.Run(() => listener.RunAsync(ForwardAsync, acceptFailed: null, _stopping.Token), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _tracker.TargetChanged -= OnTargetChanged;
        await _stopping.CancelAsync();
        _listener?.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }

        // The loop returns once every forwarded connection has ended.
        await _accepting.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private void OnTargetChanged(PairNode? old, PairNode? current)
    {
        var closed = 0;
        foreach (var connection in _connections.Keys)
        {
            if (connection.Target != current)
            {
                connection.Close();
                closed++;
            }
        }

        if (closed > 0)
        {
            _logger.ConnectionsClosed(closed, old?.Endpoint.ToString() ?? "none");
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        client.NoDelay = true;
        var remote = client.RemoteEndPoint?.ToString() ?? "?";
        Socket? upstream = null;
        PairNode? target = null;
        var deadline = _time.GetTimestamp();
        try
        {
            while (upstream is null)
            {
                var left = _options.ConnectTimeout - _time.GetElapsedTime(deadline);
                target = left > TimeSpan.Zero ? await _tracker.WaitForTargetAsync(left, cancellationToken) : _tracker.Target;
                if (target is null)
                {
                    break;
                }

                upstream = await ConnectAsync(target, cancellationToken);
                if (upstream is null)
                {
                    _tracker.ProbeNow();
                    if (_time.GetElapsedTime(deadline) >= _options.ConnectTimeout)
                    {
                        break;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, _options.HealthCheckPeriod.TotalMilliseconds)), _time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            client.Dispose();
            return;
        }

        if (upstream is null || target is null)
        {
            Counters.RefusedOne();
            _logger.NoTarget(remote, _options.ConnectTimeout.TotalMilliseconds);
            client.Dispose();
            return;
        }

        Counters.AcceptedOne();
        var connection = new ForwardedConnection(client, upstream, target, _options, Counters, _logger);
        _connections[connection] = 0;
        if (_tracker.Target != target)
        {
            connection.Close();
        }

        try
        {
            await connection.RunAsync(cancellationToken);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            _tracker.ProbeNow();
        }
    }

    private async Task<Socket?> ConnectAsync(PairNode target, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(_options.HealthCheckTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            if (Environment.GetEnvironmentVariable("N3HOST_AGENT_THREADS") == "1")
            {
                using var abort = linked.Token.Register(socket.Dispose);
                await Task.Run(() => socket.Connect(target.Endpoint.Host, target.Endpoint.Port), CancellationToken.None);
                linked.Token.ThrowIfCancellationRequested();
                return socket;
            }

            // A blocking connect keeps the socket out of the runtime's event loop, so the forwarding threads' blocking
            // calls are plain system calls (see ForwardedConnection); the timeout closes the socket to end it.
            using (linked.Token.Register(socket.Dispose))
            {
                await Task.Run(() => socket.Connect(target.Endpoint.Host, target.Endpoint.Port), CancellationToken.None);
            }

            linked.Token.ThrowIfCancellationRequested();
            return socket;
        }
        catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            socket.Dispose();
            return null;
        }
    }
}
