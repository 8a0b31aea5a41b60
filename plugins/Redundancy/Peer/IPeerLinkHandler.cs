namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>What the transports hand authenticated connections to (the role state machine).</summary>
internal interface IPeerLinkHandler
{
    /// <summary>Runs the peer protocol on the channel until it closes; returns why it closed.</summary>
    Task<string> RunLinkAsync(IPeerChannel channel, CancellationToken cancellationToken);

    /// <summary>A connection was refused before the protocol started (TLS, certificate).</summary>
    void RecordRefused(string address, string reason);
}
