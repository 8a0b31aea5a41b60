using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using N3Host.Api;
using N3Host.Configuration;

namespace N3Host.Cli;

/// <summary>Talks to a running node's management API, found through its modules.json.</summary>
internal sealed class NodeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _configPath;
    private readonly string _nodeName;
    private readonly TimeSpan _timeout;

    private NodeClient(NodeConfiguration config, TimeSpan? timeout = null)
    {
        _configPath = config.ConfigPath;
        _nodeName = config.Node.Name;
        BaseAddress = new Uri($"http://127.0.0.1:{config.Node.ApiPort}/");
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        _timeout = _http.Timeout;
    }

    public Uri BaseAddress { get; }

    public static NodeClient Create(string? configPath, TimeSpan? timeout = null) => new(ConfigurationLoader.Load(ConfigPathResolver.Resolve(configPath)), timeout);

    /// <summary>
    /// For <c>n3host reload</c>: a file that no longer validates must still reach the node (which refuses it, records why in its
    /// status and keeps running as it is), so only the node section is needed here; malformed JSON fails here with its line and position.
    /// </summary>
    public static NodeClient CreateFromNodeSection(string? configPath)
    {
        var path = ConfigPathResolver.Resolve(configPath);
        try
        {
            return new(ConfigurationLoader.Load(path));
        }
        catch (ConfigurationException)
        {
            var node = NodeSection(path);
            if (node is null)
            {
                throw;
            }

            return new(new NodeConfiguration(path, node, SupervisorSettings.Default, []));
        }
    }

    public Task<string> GetTextAsync(string path, CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, path, cancellationToken);

    public async Task<JsonNode> GetJsonAsync(string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await SendAsync(HttpMethod.Get, path, cancellationToken)) ?? throw new CliException("the node sent an empty answer", ExitCodes.Unexpected);

    public async Task<JsonNode> PostJsonAsync(string path, CancellationToken cancellationToken) =>
        JsonNode.Parse(await SendAsync(HttpMethod.Post, path, cancellationToken)) ?? throw new CliException("the node sent an empty answer", ExitCodes.Unexpected);

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (method == HttpMethod.Post)
            {
                // A state change: says it comes from n3host itself (the API refuses state changes without it once it authenticates).
                request.Headers.Add("X-N3Host-Request", "1");
            }

            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw Unreachable("nothing answers there");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable($"it did not answer within {_timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            var message = ErrorMessage(body) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
            var code = response.StatusCode switch
            {
                HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.BadRequest => ExitCodes.Refused,
                HttpStatusCode.UnprocessableEntity => ExitCodes.UsageOrConfig,
                HttpStatusCode.ServiceUnavailable => ExitCodes.NodeUnavailable,
                _ => ExitCodes.Unexpected,
            };
            throw new CliException(message, code);
        }
    }

    private static NodeSettings? NodeSection(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path), new JsonNodeOptions { PropertyNameCaseInsensitive = true },
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var node = root?["node"];
            var name = node?["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text : NodeSettings.DefaultName;
            var port = node?["apiPort"] is JsonValue p && p.TryGetValue<int>(out var number) ? number : NodeSettings.DefaultApiPort;
            return new NodeSettings(name, string.Empty, port);
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    private CliException Unreachable(string why) => new(
        $"cannot reach node {_nodeName} at {BaseAddress} ({why}): is it running with {_configPath}? Start it with: n3host run --config {_configPath}",
        ExitCodes.NodeUnavailable);

    private static string? ErrorMessage(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ErrorDto>(body, JsonDefaults.Options)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
