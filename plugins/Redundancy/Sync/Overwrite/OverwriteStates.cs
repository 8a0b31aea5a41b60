namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The values of <see cref="OverwriteStatus.State"/>.</summary>
public static class OverwriteStates
{
    /// <summary>Logged and published; nothing discarded yet.</summary>
    public const string Announced = "announced";

    /// <summary>The backup empties its journals.</summary>
    public const string Clearing = "clearing";

    /// <summary>The primary's records are being copied to the backup.</summary>
    public const string Copying = "copying";

    /// <summary>The backup holds exactly what the primary held.</summary>
    public const string Done = "done";

    /// <summary>Stopped by an error; resumed at the next connection.</summary>
    public const string Failed = "failed";
}
