using System.Net;
using System.Net.Sockets;
using System.Text;

namespace N3Host.Benchmarks.Links;

/// <summary>
/// The far end of the forwarding benchmark: answers the agent's role probe ("N3ROLE?"), echoes after an
/// 'E', swallows after an 'S' (and answers one byte once the sender closed).
/// </summary>
internal sealed class BenchTarget : IAsyncDisposable
{
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public BenchTarget()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(64);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private static async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[256 << 10];
            try
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(0, 1), SocketFlags.None);
                if (n == 0)
                {
                    return;
                }

                switch ((char)buffer[0])
                {
                    case 'N':
                        await socket.ReceiveAsync(buffer.AsMemory(0, 7), SocketFlags.None);
                        await socket.SendAsync(Encoding.ASCII.GetBytes("N3ROLE active 1 bench\n"), SocketFlags.None);
                        return;
                    case 'E':
                        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                        {
                            await socket.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
                        }

                        return;
                    case 'S':
                        while (await socket.ReceiveAsync(buffer, SocketFlags.None) > 0)
                        {
                        }

                        await socket.SendAsync(new byte[] { 1 }, SocketFlags.None);
                        return;
                }
            }
            catch (SocketException)
            {
                // The benchmark client went away.
            }
        }
    }
}
