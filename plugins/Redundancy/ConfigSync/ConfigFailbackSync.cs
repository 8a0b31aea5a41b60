using N3Host.Plugins.Redundancy.Roles;

namespace N3Host.Plugins.Redundancy.ConfigSync;

/// <summary>
/// The primary's hand-over with the configuration first: it waits until the backup's configuration arrived and, if the backup's is
/// newer (changed while it was active), is applied here; then the stored-data hand-over runs, then the primary goes active.
/// </summary>
internal sealed class ConfigFailbackSync(PairConfigSync config, IFailbackSync data, TimeSpan settleTimeout) : IFailbackSync
{
    public async Task SynchronizeAsync(FailbackSyncContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await config.SettleAsync(context.Link, settleTimeout, cancellationToken).ConfigureAwait(false);
        await data.SynchronizeAsync(context, cancellationToken).ConfigureAwait(false);
    }

    public void ActivatedWithoutSync() => data.ActivatedWithoutSync();
}
