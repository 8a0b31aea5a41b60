using MQTTnet;
using MQTTnet.Protocol;

namespace N3Host.PluginKit.Mqtt;

/// <summary>
/// The MQTT session options the node's status publisher and the witness client share: a TCP broker, a clean session, a
/// keep-alive, a connect timeout, a QoS 1 will, credentials when a username is set, and TLS when asked. Callers add what is
/// theirs to the returned builder and build it.
/// </summary>
public static class MqttSessionOptions
{
    /// <summary>The broker's port: the URL's, or 8883 with TLS and 1883 without when the URL gives none.</summary>
    public static int PortOf(Uri broker, bool tls)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return broker.IsDefaultPort || broker.Port <= 0 ? (tls ? 8883 : 1883) : broker.Port;
    }

    /// <summary>A builder for a clean session to <paramref name="host"/>:<paramref name="port"/> with its will (QoS 1).</summary>
    public static MqttClientOptionsBuilder Create(
        string host,
        int port,
        string clientId,
        string? username,
        string? password,
        bool tls,
        TimeSpan keepAlive,
        TimeSpan timeout,
        string willTopic,
        byte[] willPayload,
        bool willRetain)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCleanSession()
            .WithKeepAlivePeriod(keepAlive)
            .WithTimeout(timeout)
            .WithWillTopic(willTopic)
            .WithWillPayload(willPayload)
            .WithWillRetain(willRetain)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }

        if (tls)
        {
            builder = builder.WithTlsOptions(tls => tls.UseTls());
        }

        return builder;
    }
}
