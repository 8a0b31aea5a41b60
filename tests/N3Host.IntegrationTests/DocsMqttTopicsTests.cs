using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MQTTnet;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// docs/mqtt-topics.md against a real default node (a docs check in CI): its <c>mosquitto_sub</c> line, run with an
/// MQTT client, receives the node's topics, retained, and each documented payload example has the fields the node
/// publishes, no more and no fewer.
/// </summary>
public sealed partial class DocsMqttTopicsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string Page => Path.Combine(HostBuild.RepoRoot, "docs", "mqtt-topics.md");

    [Fact]
    public async Task TheMosquittoSubLine_ReceivesTheRetainedTopics_WithThePayloadsThePageShows()
    {
        var line = DocsRecipeTests.Commands(Page, "Watch it").First(c => c.StartsWith("mosquitto_sub ", StringComparison.Ordinal));
        var words = DocsRecipeTests.Words(DocsRecipeTests.Code(line));
        string Option(string name) => words[words.IndexOf(name) + 1];
        Assert.Equal("127.0.0.1", Option("-h"));
        var filter = Option("-t");

        using var folder = new TempDirectory("n3host-docs-mqtt");
        var brokerPort = FreePort.Get();
        var config = File.ReadAllText(Path.Combine(HostBuild.RepoRoot, "modules.json"));
        File.WriteAllText(folder.Combine("modules.json"), DocsRecipeTests.OnFreePorts(config,
            ("5380", FreePort.Get().ToString(CultureInfo.InvariantCulture)), (Option("-p"), brokerPort.ToString(CultureInfo.InvariantCulture))));
        await using var node = NodeProcess.StartExecutable(HostBuild.Executable, ["run", "--config", "modules.json"], folder.Path);
        await node.WaitForLineAsync(l => l.Contains("is running:", StringComparison.Ordinal), Patience);

        // What a dashboard sees: a subscription with the page's filter gets every topic at once, from the broker's retained
        // store, so each arrives flagged retained. A subscription made while the node is still sending its first state can
        // miss a topic (the embedded MQTTnet broker neither forwards nor has yet retained a publish that crosses the
        // subscribe) or get it live, unflagged; so the check subscribes afresh until one subscription gets them all from the
        // store, as a dashboard that connects a moment later would. A node that does not retain never passes.
        string[] topics = ["n3host/node1/status", "n3host/node1/redundancy", "n3host/node1/modules/sim", "n3host/node1/modules/historian"];
        var received = new ConcurrentDictionary<string, MqttApplicationMessage>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + Patience;
        for (var attempt = 1; ; attempt++)
        {
            received = await SubscribeOnceAsync(brokerPort, filter, $"docs-check-{attempt}", topics, TimeSpan.FromSeconds(3));
            if (topics.All(t => received.TryGetValue(t, out var m) && m.Retain) || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        Assert.True(topics.All(received.ContainsKey),
            $"`{line}` receives {string.Join(", ", topics)} (received: {string.Join(", ", received.Keys)})\n{node.Output}");
        Assert.Equal("online", received["n3host/node1/status"].ConvertPayloadToString());
        var problems = new List<string>();
        foreach (var topic in topics)
        {
            if (!received[topic].Retain)
                problems.Add($"{topic} is not retained, the page says it is");
        }

        problems.AddRange(FieldsDiffer("`<prefix>/<node>/redundancy`", received["n3host/node1/redundancy"]));
        problems.AddRange(FieldsDiffer("`<prefix>/<node>/modules/<instance>`", received["n3host/node1/modules/sim"]));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>One subscription with <paramref name="filter"/>: what it receives within <paramref name="wait"/> (less once it has every topic).</summary>
    private static async Task<ConcurrentDictionary<string, MqttApplicationMessage>> SubscribeOnceAsync(int port, string filter, string clientId, string[] topics, TimeSpan wait)
    {
        var received = new ConcurrentDictionary<string, MqttApplicationMessage>(StringComparer.Ordinal);
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TryAdd(e.ApplicationMessage.Topic, e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).Build());
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter).Build());
        try
        {
            await Eventually.TrueAsync(() => topics.All(received.ContainsKey), wait, "every topic");
        }
        catch (TimeoutException)
        {
            // Returned as it is: the caller decides whether to subscribe again.
        }

        await client.DisconnectAsync();
        return received;
    }

    /// <summary>The top-level fields of the live payload against those of the first JSON example under the heading.</summary>
    private static IEnumerable<string> FieldsDiffer(string heading, MqttApplicationMessage message)
    {
        var example = JsonNode.Parse(Example(heading))!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var live = JsonNode.Parse(message.ConvertPayloadToString())!.AsObject().Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var field in live.Except(example).Order(StringComparer.Ordinal))
            yield return $"{message.Topic} has the field '{field}', the example under ## {heading} does not";
        foreach (var field in example.Except(live).Order(StringComparer.Ordinal))
            yield return $"the example under ## {heading} has the field '{field}', {message.Topic} does not";
    }

    private static string Example(string heading)
    {
        var text = File.ReadAllText(Page);
        var at = text.IndexOf("## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"mqtt-topics.md has a section ## {heading}");
        var block = JsonBlock().Match(text, at);
        Assert.True(block.Success, $"mqtt-topics.md has a JSON example under ## {heading}");
        return block.Groups[1].Value;
    }

    [GeneratedRegex(@"```json\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
