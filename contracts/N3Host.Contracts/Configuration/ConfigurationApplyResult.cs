namespace N3Host.Contracts;

/// <summary>What applying a configuration (a reload, or the peer's shared part) did.</summary>
/// <param name="Applied">False if nothing changed because the configuration was refused; <paramref name="Message"/> says why.</param>
/// <param name="Message">What happened, in one line.</param>
/// <param name="Revision">The node's revision afterwards.</param>
/// <param name="Added">Instances started because they are new.</param>
/// <param name="Restarted">Instances restarted because their settings changed.</param>
/// <param name="Removed">Instances stopped because they are no longer configured.</param>
/// <param name="NotApplied">Changes that take effect only at the next start of the node (node section, supervisor, redundancy instance).</param>
public sealed record ConfigurationApplyResult(
    bool Applied,
    string Message,
    ConfigurationRevision Revision,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Restarted,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> NotApplied);
