using System.Net;
using System.Net.Sockets;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>A loopback TCP relay in front of a broker, so a test can cut a client's connection as a pulled cable or a crash would.</summary>
internal sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Inner, TcpClient Outer)> _pairs = [];
    private readonly Task _accept;

    public TcpRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accept = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

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
            var inner = new TcpClient { NoDelay = true };
            await inner.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
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

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
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
