namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>A message of the stored-data synchronization protocol. Both nodes of a pair speak it over the peer link.</summary>
public abstract record SyncMessage;
