using System.Text.Json.Nodes;

namespace N3Host.ConsoleTests;

/// <summary>A node's own management API, asked directly as the CLI does (with the node's secret): what the page is compared with.</summary>
public sealed class NodeStatusClient(string config) : IDisposable
{
    private readonly HttpClient _http = ConsoleSession.ApiClient(config, TimeSpan.FromSeconds(5));

    public async Task<JsonNode?> StatusAsync() => JsonNode.Parse(await _http.GetStringAsync("api/status"));

    /// <summary>The node's role as its API reports it (<c>active</c>, <c>standby</c>), null while it does not answer.</summary>
    public async Task<string?> RoleAsync()
    {
        try
        {
            return (await StatusAsync())?["role"]?.GetValue<string>().ToLowerInvariant();
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

    public async Task<bool> PeerConnectedAsync() =>
        (await StatusAsync())?["services"]?["redundancy"]?["peer"]?["connected"]?.GetValue<bool>() == true;

    public async Task<JsonNode?> GetAsync(string pathAndQuery) => JsonNode.Parse(await _http.GetStringAsync(pathAndQuery));

    public void Dispose() => _http.Dispose();
}
