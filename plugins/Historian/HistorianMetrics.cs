using N3Host.PluginKit.Metrics;

namespace N3Host.Plugins.Historian;

/// <summary>The historian's metrics (docs/monitoring.md), read from each instance's status at each scrape.</summary>
internal static class HistorianMetrics
{
    public static readonly InstanceMetrics<HistorianStatus> Instruments = new InstanceMetrics<HistorianStatus>("N3Host.Historian")
        .Counter("n3host.historian.values.received", "{value}", "Values the instance took from the tag bus (since it last started)", s => s.Received)
        .Counter("n3host.historian.values.stored", "{value}", "Values its store took (since it last started)", s => s.Stored)
        .Counter("n3host.historian.values.lost", "{value}", "Values that never reached the store, whatever the reason (kept across restarts)", s => s.Lost.Total)
        .Gauge("n3host.historian.buffer", "By", "Bytes waiting in the store-and-forward buffer", s => s.BufferedBytes)
        .Gauge("n3host.historian.held.values", "{value}", "Values waiting in memory for a full or read-only disk", s => s.HeldValues);
}
