namespace N3Host.Plugins.Links;

/// <summary>A link client's state, as the status section <c>links:&lt;instance&gt;</c>.</summary>
internal sealed record LinkClientStatus(
    string Role,
    string Endpoint,
    bool Connected,
    string? Peer,
    DateTimeOffset? Since,
    string? LastError,
    Guid Stream,
    long LastSequence,
    long AcknowledgedSequence,
    long BufferedValues,
    long BufferedBytes,
    long BufferLimitBytes,
    long Overflowed,
    long SentValues,
    double SentPerSecond,
    long Connects);
