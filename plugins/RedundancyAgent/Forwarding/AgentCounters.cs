namespace N3Host.Plugins.RedundancyAgent;

/// <summary>The agent's byte and connection counters.</summary>
internal sealed class AgentCounters
{
    private long _bytesUp;
    private long _bytesDown;
    private long _accepted;
    private long _refused;

    public long BytesUp => Interlocked.Read(ref _bytesUp);

    public long BytesDown => Interlocked.Read(ref _bytesDown);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public void Add(bool up, int bytes)
    {
        if (up)
        {
            Interlocked.Add(ref _bytesUp, bytes);
        }
        else
        {
            Interlocked.Add(ref _bytesDown, bytes);
        }
    }

    public void AcceptedOne() => Interlocked.Increment(ref _accepted);

    public void RefusedOne() => Interlocked.Increment(ref _refused);
}
