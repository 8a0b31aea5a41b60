namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// The hand-over before the primary goes active: called on the primary after the backup is connected
/// and confirmed standby (at the end of the initial standby wait, and at every failback). The primary
/// goes active when it completes. Data and configuration synchronization plugs in here.
/// </summary>
internal interface IFailbackSync
{
    Task SynchronizeAsync(FailbackSyncContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The primary went active without the hand-over (no backup within the initial standby time, the backup lost or the
    /// hand-over failed): what the backup holds comes later and is reported as late. Called under the coordinator's lock.
    /// </summary>
    void ActivatedWithoutSync()
    {
    }
}
