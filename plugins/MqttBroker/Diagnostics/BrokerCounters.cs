using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.MqttBroker.Diagnostics;

/// <summary>What the broker counts for its status section; drops are also logged, at most every <see cref="DropLogInterval"/> with the count since.</summary>
internal sealed class BrokerCounters(ILogger logger, string instance, int maxPending, TimeProvider time)
{
    /// <summary>The shortest time between two drop warnings.</summary>
    public static readonly TimeSpan DropLogInterval = TimeSpan.FromSeconds(10);

    private int _clients;
    private long _received;
    private long _queued;
    private long _dropped;
    private long _droppedSinceLog;
    private long _lastDropLog = long.MinValue;
    private string _lastDroppedFor = string.Empty;

    public int ClientsConnected => Volatile.Read(ref _clients);

    public long MessagesReceived => Interlocked.Read(ref _received);

    public long MessagesQueued => Interlocked.Read(ref _queued);

    public long MessagesDropped => Interlocked.Read(ref _dropped);

    public void ClientConnected() => Interlocked.Increment(ref _clients);

    public void ClientDisconnected() => Interlocked.Decrement(ref _clients);

    public void Received() => Interlocked.Increment(ref _received);

    public void Queued() => Interlocked.Increment(ref _queued);

    /// <summary>Counts a dropped message and logs (rate-limited) how many were dropped.</summary>
    public void Dropped(string clientId)
    {
        Volatile.Write(ref _lastDroppedFor, clientId);
        var total = Interlocked.Increment(ref _dropped);
        Interlocked.Increment(ref _droppedSinceLog);
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= DropLogInterval)
            && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
        {
            Log.MessagesDropped(logger, instance, Interlocked.Exchange(ref _droppedSinceLog, 0), clientId, maxPending, total);
        }
    }

    /// <summary>Logs drops not yet logged (on stop).</summary>
    public void Flush()
    {
        var pending = Interlocked.Exchange(ref _droppedSinceLog, 0);
        if (pending > 0)
        {
            Log.MessagesDropped(logger, instance, pending, Volatile.Read(ref _lastDroppedFor), maxPending, MessagesDropped);
        }
    }
}
