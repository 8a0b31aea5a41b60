using System.Net.Http.Headers;

namespace N3Host.Testing;

/// <summary>
/// An HTTP client for a running node's management API that authenticates as the CLI does: with the node's API secret (<c>api.secret</c> in
/// its data folder, made when the node starts; read at the first request after it exists) and the header every state change needs.
/// </summary>
public static class NodeApiClient
{
    public static HttpClient Create(int apiPort, string dataDirectory, TimeSpan? timeout = null) =>
        new(new SecretHandler(dataDirectory)) { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>The node's API secret, or null while the node has not made it yet.</summary>
    public static string? TryReadSecret(string dataDirectory)
    {
        try
        {
            var secret = File.ReadAllText(Path.Combine(dataDirectory, "api.secret")).Trim();
            return secret.Length > 0 ? secret : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class SecretHandler(string dataDirectory) : DelegatingHandler(new SocketsHttpHandler())
    {
        private string? _secret;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _secret ??= TryReadSecret(dataDirectory);
            if (_secret is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
            }

            request.Headers.TryAddWithoutValidation("X-N3Host-Request", "test");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
