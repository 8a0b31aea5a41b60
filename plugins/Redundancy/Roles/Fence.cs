namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// This node found it was frozen (its monotonic clock moved past the connection timeout between two ticks): it does not act
/// as active until it has heard from its peer or the witness (without a witness: until <see cref="Until"/>).
/// </summary>
internal sealed record Fence(DateTimeOffset Since, long FrozenMs, DateTimeOffset Until);
