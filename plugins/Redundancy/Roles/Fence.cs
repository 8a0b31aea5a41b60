namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// This node found it was frozen (its monotonic clock moved past the connection timeout between two ticks): it does not act
/// as active until it has heard from its peer or the witness (without a witness: until <see cref="Until"/>).
/// </summary>
/// <param name="WitnessSeq">The witness heartbeat sent last before the fence: only an echo of a later one proves the witness's word is current
/// (what the broker delivered before it, it delivers in order, so every older message of the peer has arrived by then).</param>
internal sealed record Fence(DateTimeOffset Since, long FrozenMs, DateTimeOffset Until, long WitnessSeq);
