using System.Net;
using System.Net.Sockets;
using N3Host.Transport.Listening;

namespace N3Host.Pairing;

/// <summary>The pairing port while a code is open: the accept loop, its stop, and the address it was opened on.</summary>
internal sealed class PairingListener(AcceptLoop loop, string address) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _stopped;

    /// <summary>The address as the user gave or configured it (what the primary's peer listener is set to when it was not).</summary>
    public string Address { get; } = address;

    public IPEndPoint EndPoint => loop.LocalEndPoint;

    public Task Running { get; private set; } = Task.CompletedTask;

    public void Start(Func<Socket, string, Task> handle) =>
        Running = loop.RunAsync((socket, _) => handle(socket, Address), acceptFailed: null, _stop.Token);

    /// <summary>Stops accepting at once (a conversation in progress goes on until it ends); true the first time.</summary>
    public bool Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return false;
        }

        _stop.Cancel();
        loop.Dispose();
        return true;
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }
}
