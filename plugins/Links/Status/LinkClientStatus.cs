namespace N3Host.Plugins.Links;

/// <summary>
/// A link client's state, as the status section <c>links:&lt;instance&gt;</c>. <see cref="Overflowed"/>, <see cref="Lost"/> and
/// <see cref="LostTotal"/> count since the instance's data folder was made (its <c>losses.json</c>), across restarts;
/// <see cref="Condition"/> is the full or read-only disk the buffer waits out, or null.
/// </summary>
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
    long Connects,
    IReadOnlyDictionary<string, long> Lost,
    long LostTotal,
    string? Condition);
