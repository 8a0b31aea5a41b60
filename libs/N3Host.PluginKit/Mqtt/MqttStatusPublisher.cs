using System.Text.Json;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// Publishes an instance's state as retained JSON on one topic from one supervised loop: connect, publish
/// the snapshot whenever it changed (checked every <c>mqtt.period</c>), and again after every reconnect.
/// Never reconnects from a disconnected handler; a broker outage is logged once and retried.
/// </summary>
public sealed class MqttStatusPublisher(MqttStatusOptions options, string topic, string clientId, Func<object> snapshot, TimeProvider time, ILogger logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Topic { get; } = topic;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        byte[]? published = null;
        var reportedOutage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!client.IsConnected)
                {
                    await client.ConnectAsync(BuildOptions(), cancellationToken);
                    MqttStatusLog.Connected(logger, options.Broker, Topic);
                    reportedOutage = false;
                    published = null;
                }

                var payload = JsonSerializer.SerializeToUtf8Bytes(snapshot(), snapshot().GetType(), Json);
                if (published is null || !payload.AsSpan().SequenceEqual(published))
                {
                    await client.PublishAsync(Message(payload), cancellationToken);
                    published = payload;
                }

                await Task.Delay(options.Period, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException or IOException
                || e.GetType().Namespace?.StartsWith("MQTTnet", StringComparison.Ordinal) == true)
            {
                if (!reportedOutage)
                {
                    MqttStatusLog.Unavailable(logger, options.Broker, e.Message, options.Period.TotalMilliseconds);
                    reportedOutage = true;
                }

                try
                {
                    await Task.Delay(options.Period, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        if (client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), time);
                await client.PublishAsync(Message(JsonSerializer.SerializeToUtf8Bytes(snapshot(), snapshot().GetType(), Json)), timeout.Token);
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                // The final state is best effort; the node's status keeps it.
            }
        }
    }

    private MqttApplicationMessage Message(byte[] payload) => new MqttApplicationMessageBuilder()
        .WithTopic(Topic)
        .WithPayload(payload)
        .WithContentType("application/json")
        .WithRetainFlag()
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();

    private MqttClientOptions BuildOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Broker.Host, options.Broker.IsDefaultPort || options.Broker.Port <= 0 ? 1883 : options.Broker.Port)
            .WithClientId(options.ClientId ?? clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(5))
            .WithTimeout(TimeSpan.FromSeconds(5));
        if (options.Username is not null)
        {
            builder = builder.WithCredentials(options.Username, options.Password);
        }

        return builder.Build();
    }
}
