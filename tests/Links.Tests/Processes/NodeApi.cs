using System.Net.Http.Json;
using System.Text.Json.Nodes;
using N3Host.Testing;

namespace Links.Tests.Processes;

/// <summary>Reads a running node's management API (127.0.0.1:apiPort, with the secret in its data folder), as <c>n3host status</c> does.</summary>
public sealed class NodeApi(int apiPort, string dataDirectory) : IDisposable
{
    private readonly HttpClient _http = NodeApiClient.Create(apiPort, dataDirectory, TimeSpan.FromSeconds(5));

    public async Task<JsonNode?> StatusAsync()
    {
        try
        {
            return await _http.GetFromJsonAsync<JsonNode>("api/status");
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            // A node killed just after its kernel accepted the connection: HttpClient lets that SocketException through unwrapped.
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>A status section (a module's <c>AddStatus</c>), or null.</summary>
    public async Task<JsonNode?> SectionAsync(string key) => (await StatusAsync())?["services"]?[key];

    /// <summary>The node its link client <c>to-central</c> is connected to, or null while it is not.</summary>
    public async Task<string?> LinkPeerAsync()
    {
        var link = await SectionAsync("links:to-central");
        return link?["connected"]?.GetValue<bool>() == true ? link["peer"]?.GetValue<string>() : null;
    }

    public async Task<JsonArray> TagsAsync(string filter)
    {
        var answer = await _http.GetFromJsonAsync<JsonNode>("api/tags?filter=" + Uri.EscapeDataString(filter));
        return answer as JsonArray ?? answer?["tags"] as JsonArray ?? [];
    }

    public void Dispose() => _http.Dispose();
}
