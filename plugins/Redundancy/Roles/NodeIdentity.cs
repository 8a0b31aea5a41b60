using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>This node as the handshake tells it: name, host version, and the configured modules' versions.</summary>
internal sealed record NodeIdentity(string Name, string HostVersion, Func<IReadOnlyList<ModuleVersion>> Modules);
