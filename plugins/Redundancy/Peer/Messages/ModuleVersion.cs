namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>One configured module instance and its plugin version, as told in the handshake.</summary>
internal sealed record ModuleVersion(string Instance, string Module, string? Version);
