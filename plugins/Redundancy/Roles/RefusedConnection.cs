namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The last connection that was refused or dropped before pairing, and why.</summary>
internal sealed record RefusedConnection(string Address, string Reason, DateTimeOffset At);
