using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using N3Host.Status;

namespace N3Host.Api;

/// <summary>
/// <c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (the role is decided and every enabled instance is
/// active or standby as its role says), as ASP.NET Core health checks for a load balancer, a container orchestrator or a monitoring
/// probe. They answer without a login, with one word (<c>Healthy</c> 200, <c>Unhealthy</c> 503) and nothing else: why a node is not
/// ready is in <c>GET /api/status</c> (<c>readiness</c>), for whom may read it.
/// </summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    /// <summary>Registers the checks; <paramref name="readiness"/> gets its source once the node runs.</summary>
    public static void AddServices(IServiceCollection services, ReadinessCheck readiness) =>
        services.AddHealthChecks().AddCheck("ready", readiness, tags: [ReadyTag]);

    public static void Map(WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).AllowAnonymous();
    }

    /// <summary>The readiness check: <see cref="NodeReadiness"/> of the running node (not ready while the node starts).</summary>
    internal sealed class ReadinessCheck : IHealthCheck
    {
        private volatile Func<NodeReadiness>? _source;

        public void Attach(Func<NodeReadiness> source) => _source = source;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var readiness = _source?.Invoke() ?? new NodeReadiness(false, "the node is starting");
            return Task.FromResult(readiness.Ready ? HealthCheckResult.Healthy(readiness.Reason) : HealthCheckResult.Unhealthy(readiness.Reason));
        }
    }
}
