using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Historian.Options;

/// <summary>The <c>mongodb</c> section of a historian instance's settings.</summary>
public sealed class MongoDbOptions
{
    /// <summary>The MongoDB connection string (<c>mongodb://</c> or <c>mongodb+srv://</c>). Required with <c>store: mongodb</c>.</summary>
    [Setting("connectionString")]
    public string ConnectionString { get; set; } = "";

    /// <summary>The database name.</summary>
    [Setting("database")]
    public string Database { get; set; } = "n3host";

    /// <summary>The collection name.</summary>
    [Setting("collection")]
    public string Collection { get; set; } = "history";

    /// <summary>
    /// Create the collection as a time-series collection when the server supports it (5.0+).
    /// Time-series collections do not enforce unique ids, so a replay after a failover or a buffer drain
    /// may store a value twice there; the default (an indexed collection) stores every value exactly once.
    /// </summary>
    [Setting("timeSeries")]
    public bool TimeSeries { get; set; }
}
