using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace N3Host.Api;

/// <summary>How the management API and the CLI write and read JSON: camelCase, enums by name, indented.</summary>
internal static class JsonDefaults
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}
