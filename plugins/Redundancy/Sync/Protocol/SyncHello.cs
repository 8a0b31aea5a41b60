namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The first message of a session, from each side: who I am and what I hold of every journal registered here.</summary>
/// <param name="Node">The sending node's name.</param>
/// <param name="ProtocolVersion">The sync protocol version (<see cref="SyncProtocol.Version"/>).</param>
/// <param name="Journals">What the sender holds, per journal and per sequence space.</param>
public sealed record SyncHello(string Node, int ProtocolVersion, IReadOnlyList<JournalCursor> Journals) : SyncMessage;
