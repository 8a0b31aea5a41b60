using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using N3Host.Api;
using N3Host.Api.Security;
using N3Host.Certificates;
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
        BaseAddress = ManagementApi.BaseAddress(config.Node);
        _http = new HttpClient(Handler(config.Node), disposeHandler: true) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        _timeout = _http.Timeout;
        _secretPath = ApiSecret.PathIn(config.Node.DataDirectory);
        _secret = new Lazy<string?>(() => ReadSecret(config));
    }

    private readonly Lazy<string?> _secret;
    private readonly string _secretPath;

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
            if (_secret.Value is { } secret)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            }

            request.Headers.Add(ApiSecurity.RequestHeader, "cli");
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
            if (response.StatusCode == HttpStatusCode.Unauthorized && _secret.Value is null)
            {
                message = $"node {_nodeName} at {BaseAddress} answers, but its API secret {_secretPath} is not there: is the node running with {_configPath}?";
            }

            var code = response.StatusCode switch
            {
                HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.BadRequest => ExitCodes.Refused,
                HttpStatusCode.UnprocessableEntity => ExitCodes.UsageOrConfig,
                HttpStatusCode.ServiceUnavailable => ExitCodes.NodeUnavailable,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Refused,
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
            var data = node?["dataDirectory"] is JsonValue d && d.TryGetValue<string>(out var folder) ? folder : NodeSettings.DefaultDataDirectory;
            var bind = node?["api"]?["bind"] is JsonValue b && b.TryGetValue<string>(out var address) && IPAddress.TryParse(address, out var parsed) ? parsed : IPAddress.Loopback;
            return new NodeSettings(name, Path.GetFullPath(data, Path.GetDirectoryName(Path.GetFullPath(path))!), port)
            {
                Api = ApiSettings.Default with { Bind = bind },
            };
        }
        catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The node's API secret, which only the node's user can read; without it the node answers nothing.</summary>
    private static string? ReadSecret(NodeConfiguration config)
    {
        try
        {
            return ApiSecret.TryReadForCli(config.Node.DataDirectory);
        }
        catch (IOException e)
        {
            throw new CliException($"cannot use node {config.Node.Name}'s API: {e.Message}", ExitCodes.NodeUnavailable);
        }
    }

    /// <summary>Over HTTPS (bound beyond loopback) the node must show its own certificate, the one in its data folder: nothing else is trusted.</summary>
    private static HttpMessageHandler Handler(NodeSettings node)
    {
        var handler = new SocketsHttpHandler();
        if (node.Api.IsOpen)
        {
            var expected = NodeCertificateStore.TryReadFingerprint(node.DataDirectory);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && expected is not null
                && string.Equals(NodeCertificate.FingerprintOf(new X509Certificate2(certificate)), expected, StringComparison.Ordinal);
        }

        return handler;
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
