namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>No hand-over: the primary goes active as soon as the backup confirmed standby.</summary>
internal sealed class NoFailbackSync : IFailbackSync
{
    public static NoFailbackSync Instance { get; } = new();

    public Task SynchronizeAsync(FailbackSyncContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
