namespace N3Host.Plugins.Links;

/// <summary>Where the sender reads the disk buffer: the next sequence to send and its place in a segment file.</summary>
internal sealed class BufferCursor(long nextSequence) : IDisposable
{
    public long NextSequence { get; set; } = nextSequence;

    public BufferSegment? Segment { get; set; }

    public long Offset { get; set; }

    public FileStream? Stream { get; set; }

    public void CloseStream()
    {
        Stream?.Dispose();
        Stream = null;
    }

    public void Dispose() => CloseStream();
}
