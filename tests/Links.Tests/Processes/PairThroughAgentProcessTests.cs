using System.Diagnostics;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Links.Tests.Processes;

/// <summary>
/// Real processes: a remote node linked through its RedundancyAgent to a redundant pair (Redundancy
/// module, primary and backup), each node its own <c>n3host run</c>.
/// </summary>
public sealed class PairThroughAgentProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RemoteNode_LinkedToAPairThroughTheAgent_ResumesToTheBackup_WhenThePrimaryIsKilled()
    {
        using var pair = await AgentLinkedPair.CreateAsync("n3host-links-pair", periodMs: 20);
        var (alpha, beta, site1) = (pair.Alpha, pair.Beta, pair.Site1);

        await using var alphaProcess = alpha.Start();
        await using var betaProcess = beta.Start();
        await using var siteProcess = site1.Start();
        using var siteApi = new NodeApi(site1.ApiPort, site1.Config.DataDirectory);
        using var betaApi = new NodeApi(beta.ApiPort, beta.Config.DataDirectory);
        using var alphaApi = new NodeApi(alpha.ApiPort, alpha.Config.DataDirectory);

        await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "alpha", Patience, "site1's link reaches alpha, the active primary, through the agent\n" + siteProcess.Output + "\n" + alphaProcess.Output);
        await Eventually.TrueAsync(async () => await CounterAsync(alphaApi) > 10, Patience, "alpha receives site1's counter (needs the real Simulator module)\n" + siteProcess.Output);
        var redundancy = (await alphaApi.StatusAsync())?["modules"]?.AsArray().FirstOrDefault(m => m?["instance"]?.GetValue<string>() == "redundancy");
        Assert.True(redundancy?["state"]?.ToString() is "Active" or "active", $"alpha's Redundancy module runs (needs the real Redundancy module): {redundancy?.ToJsonString()}");

        var killed = Stopwatch.StartNew();
        alphaProcess.Kill();
        await Eventually.TrueAsync(async () => await siteApi.LinkPeerAsync() == "beta", Patience, "site1's link resumes to beta through the agent\n" + siteProcess.Output + "\n" + betaProcess.Output);
        output.WriteLine($"link resumed to the backup {killed.ElapsedMilliseconds} ms after SIGKILL of the primary (includes the backup's failure detection and activation)");

        var first = await CounterAsync(betaApi);
        await Eventually.TrueAsync(async () => await CounterAsync(betaApi) > first + 10, Patience, "site1's values keep arriving on beta");
        var agent = await siteApi.SectionAsync("redundancyAgent:agent");
        Assert.Equal("beta", agent?["targetNode"]?.GetValue<string>());
        Assert.Equal(0, (await siteApi.SectionAsync("links:to-central"))?["overflowed"]?.GetValue<long>());
    }


    private static async Task<double> CounterAsync(NodeApi api)
    {
        try
        {
            var tags = await api.TagsAsync(AgentLinkedPair.LinkedCounter);
            var value = tags.FirstOrDefault()?["value"];
            return value is null ? -1 : value.GetValue<double>();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            // A node killed just after its kernel accepted the connection: HttpClient lets that SocketException through unwrapped.
            return -1;
        }
    }
}
