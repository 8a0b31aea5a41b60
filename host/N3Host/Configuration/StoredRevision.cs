using N3Host.Contracts;

namespace N3Host.Configuration;

/// <summary>What <see cref="RevisionStore"/> keeps.</summary>
/// <param name="Revision">The node's revision of the shared part.</param>
/// <param name="FileHash">The hash of the shared part of modules.json when the revision was stored.</param>
internal sealed record StoredRevision(ConfigurationRevision Revision, string FileHash);
