namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The receiver's state for one sequence space of the peer: where it is stored here and how far it is held.</summary>
internal sealed class InboundSpace(string storedAs, long last)
{
    public string StoredAs { get; } = storedAs;

    public long Last { get; set; } = last;
}
