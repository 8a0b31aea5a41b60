namespace N3Host.Plugins.Historian.Options;

/// <summary>Where the historian keeps its values.</summary>
public enum StoreKind
{
    /// <summary>An embedded SQLite file in the instance's data folder (works with nothing installed).</summary>
    Sqlite = 0,

    /// <summary>A MongoDB server, replica set or sharded cluster.</summary>
    MongoDb = 1,
}
