namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The pair runs different versions, so it does not synchronize: what differs, for status and MQTT.</summary>
internal sealed record VersionMismatch(string Peer, string Message, IReadOnlyList<VersionDifference> Differences, DateTimeOffset DetectedAt);
