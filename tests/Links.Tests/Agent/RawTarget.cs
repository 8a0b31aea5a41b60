using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Links.Tests.Agent;

/// <summary>
/// A plain TCP server standing for one node's link server behind the agent: answers the agent's role probe
/// (<c>N3ROLE?</c>) with its current role, and hands every other connection to the test's handler.
/// </summary>
public sealed class RawTarget : IAsyncDisposable
{
    private readonly Socket _listener = new(SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<Socket, byte, Task> _serve;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _serving = [];
    private readonly Task _accepting;

    /// <param name="name">The node name its probe answer gives.</param>
    /// <param name="serve">Handles a forwarded connection, given its first byte (already read).</param>
    public RawTarget(string name, Func<Socket, byte, Task> serve)
    {
        Name = name;
        _serve = serve;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>The role its probe answer gives: active (in <see cref="Term"/>) or standby.</summary>
    public bool Active { get; set; }

    public long Term { get; set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] serving;
        lock (_serving)
        {
            serving = [.. _serving];
        }

        await Task.WhenAll(serving).WaitAsync(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (true)
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

            lock (_serving)
            {
                _serving.Add(Task.Run(() => ServeAsync(socket)));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var first = new byte[1];
            try
            {
                if (await socket.ReceiveAsync(first, SocketFlags.None) == 0)
                {
                    return;
                }

                if (first[0] == (byte)'N')
                {
                    var rest = new byte[7];
                    await socket.ReceiveAsync(rest, SocketFlags.None);
                    await socket.SendAsync(Encoding.ASCII.GetBytes($"N3ROLE {(Active ? "active" : "standby")} {Term} {Name}\n"), SocketFlags.None);
                    return;
                }

                await _serve(socket, first[0]);
            }
            catch (SocketException)
            {
                // The agent closed the connection: the handler's business, not the target's.
            }
        }
    }
}
