using N3Host.Contracts;

namespace N3Host.Configuration;

/// <summary>A configuration that was applied.</summary>
/// <param name="At">When.</param>
/// <param name="Source">"reload", or "peer &lt;node&gt;".</param>
/// <param name="Revision">The revision it brought.</param>
/// <param name="Added">Instances started because they are new.</param>
/// <param name="Restarted">Instances restarted with changed settings.</param>
/// <param name="Removed">Instances stopped because they were removed.</param>
/// <param name="NotApplied">Changes that take effect at the next start of the node.</param>
/// <param name="Notes">What to check (node-local settings of a new instance taken from the peer).</param>
internal sealed record AppliedConfiguration(
    DateTimeOffset At,
    string Source,
    ConfigurationRevision Revision,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Restarted,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> NotApplied,
    IReadOnlyList<string> Notes);
