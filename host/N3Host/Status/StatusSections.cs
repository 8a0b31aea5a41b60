using System.Text.Json;
using System.Text.Json.Serialization;
using N3Host.Contracts;

namespace N3Host.Status;

/// <summary>
/// Every <c>mqtt.statusIntervalMs</c>, each module's status section as <c>n3host status</c> shows it (counters such as the
/// historian's values lost, by reason, or the simulator's skipped periods) goes to <c>&lt;prefix&gt;/&lt;node&gt;/sections/&lt;key&gt;</c>,
/// retained; a section that did not change is not sent again. The redundancy section has its own topic.
/// </summary>
internal sealed class StatusSections(StatusPublisher publisher, StatusTopics topics, INodeServices services, TimeSpan interval, TimeProvider time)
{
    /// <summary>The section the redundancy core publishes on <c>&lt;prefix&gt;/&lt;node&gt;/redundancy</c> instead.</summary>
    public const string RedundancyKey = "redundancy";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
    private readonly Dictionary<string, string> _sent = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            PublishOnce();
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void PublishOnce()
    {
        foreach (var (key, section) in services.SnapshotStatus())
        {
            if (key == RedundancyKey)
            {
                continue;
            }

            var text = JsonSerializer.Serialize(section, Json);
            if (_sent.TryGetValue(key, out var last) && last == text)
            {
                continue;
            }

            _sent[key] = text;
            publisher.Set(topics.Section(key), System.Text.Encoding.UTF8.GetBytes(text));
        }
    }
}
