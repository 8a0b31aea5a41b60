using N3Host.PluginKit.Metrics;

namespace N3Host.Plugins.MqttBroker.Diagnostics;

/// <summary>The embedded broker's metrics (docs/monitoring.md), read from each running instance's status.</summary>
internal static class BrokerMetrics
{
    public static readonly InstanceMetrics<BrokerStatus> Instruments = new InstanceMetrics<BrokerStatus>("N3Host.MqttBroker")
        .Gauge("n3host.broker.clients", "{client}", "MQTT clients connected to the embedded broker", s => s.ClientsConnected)
        .Counter("n3host.broker.messages.received", "{message}", "Messages the broker received (since it last started)", s => s.MessagesReceived)
        .Counter("n3host.broker.messages.dropped", "{message}", "Messages dropped for slow clients (the per-client queue limit)", s => s.MessagesDropped);
}
