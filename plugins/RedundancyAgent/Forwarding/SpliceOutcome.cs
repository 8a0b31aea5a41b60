namespace N3Host.Plugins.RedundancyAgent;

/// <summary>How one direction's zero-copy pump ended.</summary>
/// <param name="Finished">The source closed its sending side and every byte went on: the destination's sending side is shut down.</param>
/// <param name="Error">Otherwise, the errno of the splice(2) or pipe call that failed (the managed copy takes over).</param>
/// <param name="Leftover">Bytes already taken from the source but not yet sent (read back from the pipe), to send first.</param>
internal sealed record SpliceOutcome(bool Finished, int Error, byte[] Leftover)
{
    public static readonly SpliceOutcome Done = new(true, 0, []);
}
