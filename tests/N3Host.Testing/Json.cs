using System.Text.Json;

namespace N3Host.Testing;

/// <summary>JSON options matching modules.json's camelCase.</summary>
public static class Json
{
    /// <summary>camelCase property names.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
