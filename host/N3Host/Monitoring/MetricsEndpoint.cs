using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using N3Host.Api.Security;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace N3Host.Monitoring;

/// <summary>
/// <c>GET /metrics</c> in the Prometheus text format (docs/monitoring.md): the node's meter and every module's (<c>N3Host.*</c>)
/// and the process's CPU and memory, exported by OpenTelemetry's Prometheus exporter. A read like any other: the node's secret,
/// a console login, or a user's Basic credentials (what a scraper sends).
/// </summary>
internal static class MetricsEndpoint
{
    public static void AddServices(IServiceCollection services, string nodeName, string hostVersion) =>
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("n3host", serviceVersion: hostVersion, serviceInstanceId: nodeName))
            .WithMetrics(metrics => metrics
                .AddMeter(NodeMetrics.MeterName, NodeMetrics.MeterName + ".*")
                .AddProcessInstrumentation()

                // Prometheus keeps "_count" for histograms and summaries (promtool check metrics): these two take Prometheus's usual names.
                .AddView("process.thread.count", new MetricStreamConfiguration { Name = "process.threads" })
                .AddView("process.unix.file_descriptor.count", new MetricStreamConfiguration { Name = "process.open_fds" })
                .AddPrometheusExporter());

    public static void Map(WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(ApiRoles.Policies.Viewer);
}
