using System.Text.Json;
using N3Host.Contracts;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// Puts an instance's state on one of the node's topics (<c>&lt;prefix&gt;/&lt;node&gt;/&lt;topic&gt;</c>) through the node's one
/// publisher (<see cref="INodeServices.PublishState"/>): checked every <paramref name="period"/> on the node's clock, handed over
/// when it changed, and once more on stop. No MQTT client of its own: the node connects, reconnects and republishes.
/// </summary>
public sealed class StateTopicPublisher(INodeServices services, string topic, Func<object> snapshot, TimeSpan period, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Topic { get; } = topic;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? published = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var state = snapshot();
            var text = JsonSerializer.Serialize(state, state.GetType(), Json);
            if (text != published)
            {
                services.PublishState(Topic, state);
                published = text;
            }

            try
            {
                await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        services.PublishState(Topic, snapshot());
    }
}
