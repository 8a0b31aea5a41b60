using System.Text.Json;
using System.Text.Json.Serialization;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Writes <see cref="SyncState"/> as a camel-case string, as the other redundancy payloads do.</summary>
public sealed class SyncStateJsonConverter : JsonStringEnumConverter<SyncState>
{
    /// <summary>Creates the converter.</summary>
    public SyncStateJsonConverter()
        : base(JsonNamingPolicy.CamelCase)
    {
    }
}
