using System.Net;
using System.Net.Sockets;

namespace N3Host.Testing;

/// <summary>A loopback TCP relay in front of a broker, so a test can cut a client's connection as a pulled cable or a crash would.</summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Inner, TcpClient Outer)> _pairs = [];
    private readonly Task _accept;
    private readonly List<TcpClient> _held = [];
    private volatile bool _blackHole;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>
    /// Cuts as a pulled cable does: from now on nothing gets through (bytes are swallowed, new connections are accepted and held
    /// silent), so both ends only notice by silence. <see cref="Restore"/> ends it.
    /// </summary>
    public void BlackHole() => _blackHole = true;

    /// <summary>Ends a <see cref="BlackHole"/>: the silent connections are reset, so the nodes reconnect at once.</summary>
    public void Restore()
    {
        _blackHole = false;
        CutAll();
        lock (_pairs)
        {
            foreach (var held in _held)
            {
                Reset(held);
            }

            _held.Clear();
        }
    }

    /// <summary>Resets every relayed connection (both sides see the connection closed).</summary>
    public void CutAll()
    {
        lock (_pairs)
        {
            foreach (var (inner, outer) in _pairs)
            {
                Reset(inner);
                Reset(outer);
            }

            _pairs.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        try
        {
            await _accept;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var outer = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (_blackHole)
            {
                lock (_pairs)
                {
                    _held.Add(outer);
                }

                continue;
            }

            var inner = new TcpClient { NoDelay = true };
            try
            {
                await inner.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                // Nothing listens behind the relay (yet): the client sees its connection reset, as it would without the relay.
                Reset(outer);
                inner.Dispose();
                continue;
            }

            outer.NoDelay = true;
            lock (_pairs)
            {
                _pairs.Add((inner, outer));
            }

            _ = PumpAsync(outer, inner);
            _ = PumpAsync(inner, outer);
        }
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client?.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }

        client.Dispose();
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            var buffer = new byte[64 * 1024];
            var input = from.GetStream();
            var output = to.GetStream();
            int read;
            while ((read = await input.ReadAsync(buffer)) > 0)
            {
                if (!_blackHole)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read));
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
