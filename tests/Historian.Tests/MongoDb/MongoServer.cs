using N3Host.Testing;
using Testcontainers.MongoDb;
using Xunit;

namespace Historian.Tests.MongoDb;

/// <summary>
/// A real MongoDB server for the tests: <c>N3HOST_MONGODB_URI</c> if set, else a Testcontainers container when a Docker
/// engine is reachable. Otherwise <see cref="ConnectionString"/> is null and <see cref="Reason"/> says why (tests skip with it).
/// </summary>
public sealed class MongoServer : IAsyncLifetime
{
    private MongoDbContainer? _container;

    public string? ConnectionString { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>True when the tests may stop and start the server (a container they own).</summary>
    public bool CanRestart => _container is not null;

    public async Task InitializeAsync()
    {
        var uri = Environment.GetEnvironmentVariable("N3HOST_MONGODB_URI");
        if (!string.IsNullOrWhiteSpace(uri))
        {
            ConnectionString = uri;
            return;
        }

        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrWhiteSpace(dockerHost) && !File.Exists("/var/run/docker.sock"))
        {
            Reason = "no MongoDB server: N3HOST_MONGODB_URI is not set and no Docker engine is reachable (no DOCKER_HOST, no /var/run/docker.sock) for Testcontainers.MongoDb";
            return;
        }

        try
        {
            // A fixed host port, so the server comes back on the same address after a stop/start.
            _container = new MongoDbBuilder("mongo:7.0").WithPortBinding(FreePort.Get(), 27017).Build();
            await _container.StartAsync();
            ConnectionString = _container.GetConnectionString();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Reason = $"no MongoDB server: starting a Testcontainers.MongoDb container failed: {e.Message}";
            _container = null;
        }
    }

    public Task StopAsync() => _container!.StopAsync();

    public Task StartAsync() => _container!.StartAsync();

    public async Task DisposeAsync()
    {
        if (_container is not null)
            await _container.DisposeAsync();
    }
}
