namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>Which way the shared configuration goes between the pair's nodes.</summary>
internal enum ConfigSyncAction
{
    /// <summary>Both nodes hold the same revision: nothing to do.</summary>
    InSync,

    /// <summary>The backup takes the primary's configuration.</summary>
    PrimaryToBackup,

    /// <summary>The primary takes the backup's configuration (a change made on the backup while the primary was away).</summary>
    BackupToPrimary,
}
