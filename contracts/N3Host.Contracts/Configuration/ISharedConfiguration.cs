namespace N3Host.Contracts;

/// <summary>
/// The shared part of the node's modules.json, offered by the host through <see cref="INodeServices"/> so the redundancy
/// core can keep the pair's configuration in step.
/// </summary>
public interface ISharedConfiguration
{
    /// <summary>The shared part now, with its revision.</summary>
    SharedConfiguration Current { get; }

    /// <summary>Raised after the revision changed (a reload, or an applied peer configuration).</summary>
    event EventHandler<SharedConfiguration>? Changed;

    /// <summary>
    /// Replaces this node's shared part with <paramref name="incoming"/>: modules.json is rewritten atomically keeping the node
    /// section, the supervisor section, the redundancy instance and the node-local settings; the revision becomes the incoming one;
    /// the instances whose settings changed are restarted, new ones started, removed ones stopped. A configuration that would not
    /// load changes nothing and is answered with <see cref="ConfigurationApplyResult.Applied"/> false and the reason.
    /// </summary>
    Task<ConfigurationApplyResult> ApplyAsync(SharedConfiguration incoming, string source, CancellationToken cancellationToken);
}
