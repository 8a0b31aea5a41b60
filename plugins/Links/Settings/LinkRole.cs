namespace N3Host.Plugins.Links;

/// <summary>What one Links instance is.</summary>
public enum LinkRole
{
    /// <summary>Receives values from remote nodes (the central node).</summary>
    Server,

    /// <summary>Sends this node's values to a link server (the remote node).</summary>
    Client,
}
