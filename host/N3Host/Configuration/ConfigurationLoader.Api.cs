using System.Net;
using System.Text.Json;

namespace N3Host.Configuration;

/// <summary>The <c>node.api</c> section: bind address, host names, login lockout.</summary>
internal static partial class ConfigurationLoader
{
    private const string ApiKey = "api";
    private static readonly string[] ApiKeys = ["bind", "hosts", "lockoutFailures", "lockoutSeconds"];

    private static ApiSettings ReadApi(string file, JsonElement node)
    {
        if (!TryGet(node, ApiKey, out var api) || api.ValueKind == JsonValueKind.Null)
        {
            return ApiSettings.Default;
        }

        RequireObject(file, "node.api", api);
        CheckKeys(file, "node.api", api, ApiKeys);
        var bindText = ReadString(file, "node.api.bind", api, "bind") ?? "127.0.0.1";
        if (!IPAddress.TryParse(bindText, out var bind))
        {
            throw Error(file, $"node.api.bind: \"{bindText}\" is not an IP address (default \"127.0.0.1\"; \"0.0.0.0\" listens on every IPv4 address, with HTTPS)");
        }

        var hosts = new List<string>();
        if (TryGet(api, "hosts", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Error(file, "node.api.hosts: must be a list of host names or addresses ([\"edge-a.plant.local\", \"10.0.0.5\"])");
            }

            foreach (var entry in list.EnumerateArray())
            {
                var host = entry.ValueKind == JsonValueKind.String ? entry.GetString()!.Trim() : string.Empty;
                if (host.Length == 0 || host.Contains('/') || host.Contains(' '))
                {
                    throw Error(file, $"node.api.hosts: {entry.GetRawText()} is not a host name or address (no scheme, no path: \"edge-a.plant.local\")");
                }

                hosts.Add(host);
            }
        }

        var failures = ReadInt(file, "node.api.lockoutFailures", api, "lockoutFailures", ApiSettings.DefaultLockoutFailures, 1, 100);
        var seconds = ReadInt(file, "node.api.lockoutSeconds", api, "lockoutSeconds", ApiSettings.DefaultLockoutSeconds, 1, 86_400);
        return new ApiSettings(bind, hosts, failures, TimeSpan.FromSeconds(seconds));
    }
}
