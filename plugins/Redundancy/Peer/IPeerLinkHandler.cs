namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>What the transports hand authenticated connections to (the role state machine).</summary>
internal interface IPeerLinkHandler
{
    /// <summary>Runs the peer protocol on the channel until it closes; returns why it closed.</summary>
    Task<string> RunLinkAsync(IPeerChannel channel, CancellationToken cancellationToken);

    /// <summary>A connection was refused before the protocol started (TLS, certificate), logged at the refusal's level.</summary>
    void RecordRefused(string address, PeerRefusal refusal);

    /// <summary>A connection attempt to the peer entered a step (TCP connect, TLS handshake); it is not a dead peer while it runs.</summary>
    void AttemptStep(string address, string step);

    /// <summary>The connection attempt ended before the link ran (refused, no answer, TLS failed or timed out).</summary>
    void AttemptFailed(string address, string reason);
}
