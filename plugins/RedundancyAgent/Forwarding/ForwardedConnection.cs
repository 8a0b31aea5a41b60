using System.Net.Sockets;

namespace N3Host.Plugins.RedundancyAgent;

/// <summary>One client connection forwarded byte for byte to one node of the pair, both directions.</summary>
internal sealed class ForwardedConnection(Socket client, Socket upstream, PairNode target, int bufferSize, AgentCounters counters)
{
    private readonly CancellationTokenSource _closing = new();

    public PairNode Target { get; } = target;

    public string Client { get; } = client.RemoteEndPoint?.ToString() ?? "?";

    /// <summary>Closes both sides (the pair failed over, or the agent stops).</summary>
    public void Close()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, _closing.Token);
        using (client)
        using (upstream)
        {
            var up = PumpAsync(client, upstream, up: true, linked.Token);
            var down = PumpAsync(upstream, client, up: false, linked.Token);
            var first = await Task.WhenAny(up, down);
            if (first.IsFaulted || first.IsCanceled)
            {
                await linked.CancelAsync();
            }

            await Task.WhenAll(up, down).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        _closing.Dispose();
    }

    /// <summary>Copies one direction with two buffers, so the next receive runs while the previous chunk is sent.</summary>
    private async Task PumpAsync(Socket from, Socket to, bool up, CancellationToken cancellationToken)
    {
        var current = GC.AllocateUninitializedArray<byte>(bufferSize, pinned: true);
        var next = GC.AllocateUninitializedArray<byte>(bufferSize, pinned: true);
        try
        {
            var receiving = from.ReceiveAsync(current, SocketFlags.None, cancellationToken);
            while (true)
            {
                var read = await receiving;
                if (read == 0)
                {
                    break;
                }

                receiving = from.ReceiveAsync(next, SocketFlags.None, cancellationToken);
                await to.SendAsync(current.AsMemory(0, read), SocketFlags.None, cancellationToken);
                counters.Add(up, read);
                (current, next) = (next, current);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // One side reset: close both.
            from.Close();
            to.Close();
            throw;
        }
        catch (ObjectDisposedException)
        {
            throw new OperationCanceledException("the connection was closed", cancellationToken);
        }
    }
}
