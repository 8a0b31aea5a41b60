namespace N3Host.Contracts;

/// <summary>The node's redundancy mode.</summary>
public enum RedundancyMode
{
    /// <summary>No redundancy: the node is always active.</summary>
    Standalone = 0,

    /// <summary>Redundant primary: active whenever it is available.</summary>
    Primary = 1,

    /// <summary>Redundant backup: standby while the primary is available, active when it is not.</summary>
    Backup = 2,
}
