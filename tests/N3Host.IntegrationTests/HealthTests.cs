using System.Net;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> of a real node: answered without a login, one word each; ready only when every
/// enabled instance runs as its role says, and the node's status says why not.
/// </summary>
public sealed class HealthTests : IDisposable
{
    private readonly TempDirectory _folder = new("n3host-health");

    [Fact]
    public async Task ARunningStandaloneNode_IsLiveAndReady_WithoutALogin()
    {
        var port = FreePort.Get();
        var path = new NodeConfig("node-a", _folder.Combine("data"), port).Add("sim", "Simulator").WriteTo(_folder.Combine("modules.json"));
        await using var node = NodeProcess.Start(path);
        await node.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var live = await anonymous.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(async () => (await anonymous.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            "the node becomes ready");
        Assert.Equal("Healthy", await anonymous.GetStringAsync("health/ready"));
        using var status = await anonymous.GetAsync("api/status");
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task ANodeWithARefusedInstance_IsLiveButNotReady_AndItsStatusSaysWhich()
    {
        var port = FreePort.Get();
        var config = new NodeConfig("node-a", _folder.Combine("data"), port).Add("sim", "Simulator").Add("future", "Simulator", version: "[9.0,10.0)");
        var path = config.WriteTo(_folder.Combine("modules.json"));
        await using var node = NodeProcess.Start(path);
        await node.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("health/live")).StatusCode);
        using var ready = await anonymous.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());

        using var api = NodeApiClient.Create(port, config.DataDirectory);
        var readiness = JsonNode.Parse(await api.GetStringAsync("api/status"))!["readiness"]!;
        Assert.False(readiness["ready"]!.GetValue<bool>());
        Assert.StartsWith("instance future is refused, not active", readiness["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
