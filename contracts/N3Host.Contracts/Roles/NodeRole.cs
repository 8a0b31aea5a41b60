namespace N3Host.Contracts;

/// <summary>The node's role.</summary>
public enum NodeRole
{
    /// <summary>The node does the work: its <see cref="RoleFollowing.ActiveOnly"/> modules run.</summary>
    Active = 0,

    /// <summary>The node waits: its <see cref="RoleFollowing.ActiveOnly"/> modules are stopped.</summary>
    Standby = 1,
}
