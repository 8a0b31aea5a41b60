using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.IntegrationTests;

/// <summary>
/// <c>GET /metrics</c> of real nodes: Prometheus text that <c>promtool check metrics</c> accepts, every metric of docs/monitoring.md
/// and nothing undocumented, values that move with the node (values stored, a failover counted on the new active node), and the
/// same access rules as every other read (a viewer's Basic credentials, never anonymous).
/// </summary>
public sealed partial class MetricsTests(ITestOutputHelper output) : IDisposable
{
    private const string BackupActive = "Redundancy: Backup node is now Active";
    private const string Paired = "Redundancy: paired with node-a";
    private readonly TempDirectory _folder = new("n3host-metrics");

    /// <summary>The documented metrics only a node of a pair has (the stored-data sync); the failover test reads them.</summary>
    private static readonly string[] PairOnly = ["n3host_redundancy_sync_lag_records", "n3host_redundancy_sync_records_total"];

    [Fact]
    public async Task ANodeWithEveryModule_ExportsEveryDocumentedMetric_InTextPromtoolAccepts_AndTheHistorianCountMoves()
    {
        var port = FreePort.Get();
        var data = _folder.Combine("data");
        var config = _folder.Combine("modules.json");
        new NodeConfig("node-a", data, port).WriteTo(config);
        var cert = await HostCli.RunAsync("cert", "show", "--config", config);
        Assert.True(cert.ExitCode == 0, cert.Output);
        await File.WriteAllTextAsync(_folder.Combine("node-a.pem"), cert.StdOut);

        // Every module on one node: a link client that sends to the node's own link server, an agent whose pair is not there.
        var linkPort = FreePort.Get();
        new NodeConfig("node-a", data, port)
            .Add("broker", "MqttBroker", new { port = FreePort.Get(), bindAddress = "127.0.0.1" })
            .Add("redundancy", "Redundancy", new { mode = "standalone" })
            .Add("sim", "Simulator", new { periodMs = 100 })
            .Add("history", "Historian", new { store = "sqlite", flushIntervalMs = 100 })
            .Add("from-sites", "Links", new { role = "server", port = linkPort, trustedCertificates = new[] { "node-a.pem" } })
            .Add("to-central", "Links", new { role = "client", host = "127.0.0.1", port = linkPort, serverCertificates = new[] { "node-a.pem" } })
            .Add("agent", "RedundancyAgent", new { port = FreePort.Get(), primary = new { host = "127.0.0.1", port = FreePort.Get() }, backup = new { host = "127.0.0.1", port = FreePort.Get() } })
            .WriteTo(config);
        await using var node = NodeProcess.Start(config);
        await node.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        using var api = NodeApiClient.Create(port, data);

        var first = Parse(await api.GetStringAsync("metrics"));
        var documented = DocumentedMetrics();
        var exported = first.Select(s => s.Name).Where(n => n != "target_info").ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"documented {documented.Count}, exported {exported.Count}: {string.Join(' ', exported.Order(StringComparer.Ordinal))}");
        Assert.Equal(PairOnly, documented.Except(exported).Order(StringComparer.Ordinal));
        Assert.Empty(exported.Except(documented));
        Assert.Equal(1, Value(first, "n3host_role_active"));
        Assert.Equal(1, Value(first, "n3host_role_mode", ("mode", "standalone")));
        Assert.Equal(1, Value(first, "n3host_module_state", ("name", "history"), ("state", "active")));
        Assert.Equal(0, Value(first, "n3host_module_state", ("name", "history"), ("state", "faulted")));
        Assert.Equal(1, Value(first, "n3host_node_info", ("node", "node-a")));

        double stored = 0;
        await Eventually.TrueAsync(async () =>
            (stored = Value(Parse(await api.GetStringAsync("metrics")), "n3host_historian_values_stored_total", ("name", "history"))) > Value(first, "n3host_historian_values_stored_total", ("name", "history")),
            TimeSpan.FromSeconds(30), "the historian's stored count grows while the simulator runs", () => node.Output);
        output.WriteLine($"{first.Count} series; values stored {Value(first, "n3host_historian_values_stored_total", ("name", "history"))} then {stored}");

        var check = await HostCli.RunExecutableAsync(Promtool(), ["check", "metrics"], input: await api.GetStringAsync("metrics"));
        Assert.True(check.ExitCode == 0, $"promtool check metrics: {check.Output}");
    }

    [Fact]
    public async Task Metrics_AreReadLikeTheStatus_AViewersBasicCredentialsWork_AWrongPasswordIsRefusedAndAudited()
    {
        var port = FreePort.Get();
        var data = _folder.Combine("data");
        var config = new NodeConfig("node-a", data, port).Add("sim", "Simulator").WriteTo(_folder.Combine("modules.json"));
        var added = await HostCli.RunExecutableAsync(HostBuild.Executable, ["user", "add", "prometheus", "--role", "viewer", "--config", config], input: "prometheus-pass\n");
        Assert.True(added.ExitCode == 0, added.Output);
        await using var node = NodeProcess.Start(config);
        await node.WaitForLineAsync(l => l.Contains("Node node-a is running", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using (var anonymous = await http.GetAsync("metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var viewer = await GetAsync(http, "metrics", Basic("prometheus", "prometheus-pass")))
        {
            Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
            Assert.Contains("n3host_role_active", await viewer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrong = await GetAsync(http, "metrics", Basic("prometheus", "not-the-password")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("wrong user name or password (4 more tries", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var elsewhere = await GetAsync(http, "api/status", Basic("prometheus", "prometheus-pass")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
            Assert.Contains("for GET /metrics only", await elsewhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var audit = await File.ReadAllTextAsync(Path.Combine(data, "audit.log"));
        Assert.Contains("\"user\":\"prometheus\"", audit, StringComparison.Ordinal);
        Assert.Contains("GET /metrics (Basic)", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailover_UnderLoad_IsCountedOnTheNewActiveNode_WithItsRoleAndTerm()
    {
        await using var pair = await ProcessPair.CreateAsync(connectionTimeoutMs: 1_000);
        var primary = pair.StartPrimary();

        // The backup starts once the primary listens: a backup that finds no primary for its connection timeout goes active
        // itself, and the primary's later take-over is then rightly counted as a failover (fresh-clone run 51, a machine I had
        // loaded beside the run: the primary read 1, not the 0 of a pair whose first active node is the primary).
        await ProcessPair.LineAsync(primary, 0, "Redundancy: primary listening for the backup", timeoutSeconds: 60);
        var backup = pair.StartBackup();
        await ProcessPair.LineAsync(backup, 0, Paired, timeoutSeconds: 60);
        using var load = CpuLoad.OnEveryCore();
        using (var primaryApi = NodeApiClient.Create(pair.PrimaryApiPort, pair.PrimaryData))
        {
            // The new pair's first active node took no role from anyone.
            IReadOnlyList<Sample> first = [];
            await Eventually.TrueAsync(async () => Value(first = Parse(await primaryApi.GetStringAsync("metrics")), "n3host_role_active") == 1,
                TimeSpan.FromSeconds(30), "the primary's metrics say active", () => pair.Output);
            Assert.Equal(0, Value(first, "n3host_failovers_total"));
        }

        using var api = NodeApiClient.Create(pair.BackupApiPort, pair.BackupData);
        var before = Parse(await api.GetStringAsync("metrics"));
        Assert.Equal(0, Value(before, "n3host_role_active"));
        Assert.Equal(0, Value(before, "n3host_failovers_total"));
        Assert.Equal(1, Value(before, "n3host_redundancy_peer_connected", ("name", "redundancy")));
        Assert.Equal(1, Value(before, "n3host_role_mode", ("mode", "backup")));
        Assert.All(PairOnly, name => Assert.Contains(before, s => s.Name == name));

        primary.Kill();
        await ProcessPair.LineAsync(backup, 0, BackupActive, timeoutSeconds: 60);
        IReadOnlyList<Sample> after = [];
        await Eventually.TrueAsync(async () => Value(after = Parse(await api.GetStringAsync("metrics")), "n3host_role_active") == 1,
            TimeSpan.FromSeconds(30), "the backup's metrics say active", () => pair.Output);
        Assert.Equal(1, Value(after, "n3host_failovers_total"));
        Assert.Equal(0, Value(after, "n3host_redundancy_peer_connected", ("name", "redundancy")));
        Assert.True(Value(after, "n3host_role_term") > Value(before, "n3host_role_term"), "the term grows with the failover");
    }

    [Fact]
    public async Task TheMonitoringPage_ItsPrometheusConfigAndRulesPassPromtool_AndItAndTheDashboardNameOnlyDocumentedMetrics()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(HostBuild.RepoRoot, "docs", "monitoring.md"));
        var dashboard = await File.ReadAllTextAsync(Path.Combine(HostBuild.RepoRoot, "docs", "grafana", "n3host-pair.json"));
        var documented = DocumentedMetrics();
        var panels = System.Text.Json.Nodes.JsonNode.Parse(dashboard)!["panels"]!.AsArray();
        Assert.NotEmpty(panels);
        foreach (var text in new[] { page, dashboard })
        {
            var named = MetricName().Matches(text).Select(m => m.Value).Where(n => !n.EndsWith('_')).ToHashSet(StringComparer.Ordinal);
            Assert.Empty(named.Except(documented));
        }

        var blocks = YamlBlock().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(blocks, b => b.Contains("scrape_configs:", StringComparison.Ordinal));
        Assert.Contains(blocks, b => b.Contains("groups:", StringComparison.Ordinal));
        var etc = _folder.Combine("etc");
        foreach (var (block, index) in blocks.Select((b, i) => (b, i)))
        {
            // The files the examples name exist, in a folder of the test's.
            var yaml = block.Replace("/etc/prometheus/", etc + "/", StringComparison.Ordinal);
            foreach (var file in EtcPath().Matches(yaml).Select(m => m.Value).Where(p => p.StartsWith(etc, StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                await File.WriteAllTextAsync(file, "x");
            }

            var path = _folder.Combine($"block{index}.yml");
            await File.WriteAllTextAsync(path, yaml);
            var kind = yaml.Contains("groups:", StringComparison.Ordinal) ? "rules" : "config";
            var check = await HostCli.RunExecutableAsync(Promtool(), ["check", kind, path]);
            Assert.True(check.ExitCode == 0, $"promtool check {kind} of docs/monitoring.md's yaml block {index + 1}:\n{block}\n{check.Output}");
        }
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, AuthenticationHeaderValue authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await http.SendAsync(request);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The metric names in the first column of docs/monitoring.md's metrics table.</summary>
    private static HashSet<string> DocumentedMetrics()
    {
        var text = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "docs", "monitoring.md"));
        return [.. TableName().Matches(text).Select(m => m.Groups[1].Value)];
    }

    private static string Promtool() =>
        new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("promtool not installed: apt-get install prometheus (.ci/run does)");

    private static double Value(IReadOnlyList<Sample> samples, string name, params (string Label, string Value)[] labels)
    {
        var matching = samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count == 1, $"{name} {string.Join(',', labels)}: {matching.Count} series");
        return matching[0].Value;
    }

    private static List<Sample> Parse(string text) =>
        [.. text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(line =>
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = LabelPair().Matches(match.Groups[2].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            return new Sample(match.Groups[1].Value, labels, double.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        })];

    [GeneratedRegex(@"^\|\s*`([a-z0-9_]+)`\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableName();

    [GeneratedRegex(@"\b(?:n3host|process)_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"/[^\s""'\]]+")]
    private static partial Regex EtcPath();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
