namespace N3Host.Plugins.Redundancy.Options;

/// <summary>How the primary takes the active role back from a backup that is active.</summary>
public enum FailbackMode
{
    /// <summary>As soon as the backup is connected and has handed over (the product page's behaviour).</summary>
    Automatic = 0,

    /// <summary>Only after <c>n3host failback</c> (IRedundancyControl.FailbackAsync).</summary>
    Manual = 1,
}
