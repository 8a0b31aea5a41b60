namespace N3Host.Contracts;

/// <summary>The node's mode and role, with the term and why and when it last changed.</summary>
/// <param name="Mode">Standalone, primary or backup.</param>
/// <param name="Role">Active or standby.</param>
/// <param name="Term">Incremented by every activation of either node of a pair (0 when standalone).</param>
/// <param name="Reason">Why the role last changed, for people.</param>
/// <param name="Since">When the role last changed.</param>
public sealed record RoleState(RedundancyMode Mode, NodeRole Role, long Term, string Reason, DateTimeOffset Since)
{
    /// <summary>True when <see cref="RoleFollowing.ActiveOnly"/> modules should run.</summary>
    public bool IsActive => Role == NodeRole.Active;
}
