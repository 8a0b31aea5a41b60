namespace N3Host.Plugins.Links;

/// <summary>One sender stream on a link server: at most one connection owns it at a time.</summary>
internal sealed class StreamSlot
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public LinkServerConnection? Owner { get; set; }
}
