namespace N3Host.Plugins.Links;

/// <summary>A connection's ownership of a sender stream, released when the connection ends.</summary>
internal sealed class StreamLease(StreamSlot slot, LinkServerConnection connection) : IDisposable
{
    public void Dispose()
    {
        if (slot.Owner == connection)
        {
            slot.Owner = null;
        }

        slot.Gate.Release();
    }
}
