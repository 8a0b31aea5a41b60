using N3Host.PluginKit.Metrics;

namespace N3Host.Plugins.Links;

/// <summary>The links' metrics (docs/monitoring.md), read from each running instance's status, a client's or a server's.</summary>
internal static class LinksMetrics
{
    public static readonly InstanceMetrics<object> Instruments = new InstanceMetrics<object>("N3Host.Links")
        .Flag("n3host.links.connected", "1 while the link client is connected to its server", s => (s as LinkClientStatus)?.Connected)
        .Counter("n3host.links.values.sent", "{value}", "Values the link client sent (since it last started)", s => (s as LinkClientStatus)?.SentValues)
        .Counter("n3host.links.values.received", "{value}", "Values the link server received (since it last started)", s => (s as LinkServerStatus)?.ReceivedValues)
        .Gauge("n3host.links.buffered.values", "{value}", "Values the link client holds until the server acknowledges them", s => (s as LinkClientStatus)?.BufferedValues)
        .Gauge("n3host.links.buffer", "By", "Bytes of the link client's disk buffer", s => (s as LinkClientStatus)?.BufferedBytes)
        .Counter("n3host.links.values.lost", "{value}", "Values the link client could not keep (kept across restarts)", s => (s as LinkClientStatus)?.LostTotal);
}
