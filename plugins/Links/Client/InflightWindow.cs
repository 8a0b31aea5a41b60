namespace N3Host.Plugins.Links;

/// <summary>The frames sent and not yet acknowledged, bounded by bytes.</summary>
internal sealed class InflightWindow
{
    private readonly Lock _gate = new();
    private readonly Queue<(long LastSequence, int Bytes)> _frames = new();
    private readonly AsyncSignal _released = new();
    private long _bytes;

    public long Bytes { get { lock (_gate) { return _bytes; } } }

    public Task Released => _released.Next;

    public void Sent(long lastSequence, int bytes)
    {
        lock (_gate)
        {
            _frames.Enqueue((lastSequence, bytes));
            _bytes += bytes;
        }
    }

    public void Acknowledged(long sequence)
    {
        lock (_gate)
        {
            while (_frames.Count > 0 && _frames.Peek().LastSequence <= sequence)
            {
                _bytes -= _frames.Dequeue().Bytes;
            }
        }

        _released.Set();
    }
}
