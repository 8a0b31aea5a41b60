using N3Host.Contracts;

namespace N3Host.Configuration;

/// <summary>The <c>configuration</c> section of <c>n3host status</c>.</summary>
/// <param name="Revision">This node's revision of the shared part.</param>
/// <param name="LastApplied">The last reload or peer configuration that was applied; null since the start.</param>
/// <param name="LastError">The last one that was refused; null if none since the start (or since one was applied).</param>
internal sealed record ConfigurationStatus(ConfigurationRevision Revision, AppliedConfiguration? LastApplied, ConfigurationError? LastError);
