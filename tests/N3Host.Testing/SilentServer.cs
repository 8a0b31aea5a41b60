using System.Net;
using System.Net.Sockets;

namespace N3Host.Testing;

/// <summary>
/// A loopback TCP server that accepts every connection and never says a word: a broker or link peer hung in its handshake.
/// It holds the connections open until it is disposed.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly List<Socket> _accepted = [];
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;

    private SilentServer(TcpListener listener)
    {
        _listener = listener;
        _accepting = AcceptAsync();
    }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Starts listening on <paramref name="port"/>, or on a free port when it is 0.</summary>
    public static SilentServer Start(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new SilentServer(listener);
    }

    /// <summary>Completes once a client has connected.</summary>
    public Task FirstConnection(TimeSpan patience) => _first.Task.WaitAsync(patience);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
                _first.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Stopped by DisposeAsync.
        }
    }
}
