using System.Text.Json.Serialization;

namespace N3Host.Plugins.Redundancy.Peer.Messages;

/// <summary>A message of the pair's protocol; its JSON carries a <c>type</c> discriminator first.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HelloMessage), "hello")]
[JsonDerivedType(typeof(HeartbeatMessage), "heartbeat")]
[JsonDerivedType(typeof(RefusedMessage), "refused")]
[JsonDerivedType(typeof(TakeOverRequestMessage), "takeOver")]
[JsonDerivedType(typeof(StandbyConfirmedMessage), "standbyConfirmed")]
[JsonDerivedType(typeof(HandOverMessage), "handOver")]
[JsonDerivedType(typeof(ConfigSnapshotMessage), "config")]
internal abstract record PeerMessage;
