using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using N3Host.Api.Security;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.Api;

/// <summary>The node's management API (which the CLI and the console use): on 127.0.0.1 unless <c>node.api.bind</c> says otherwise.</summary>
internal static class ManagementApi
{
    /// <summary>
    /// Binds Kestrel to <c>node.api.bind</c> (127.0.0.1 by default) on <c>node.apiPort</c>, and nothing else: plain HTTP on loopback, HTTPS only
    /// (TLS 1.2 or 1.3, the node's own certificate) anywhere beyond it.
    /// </summary>
    public static void Listen(WebApplicationBuilder builder, NodeSettings node, Func<X509Certificate2> certificate) =>
        builder.WebHost.ConfigureKestrel(options =>
        {
            if (!node.Api.IsOpen)
            {
                options.Listen(node.Api.Bind, node.ApiPort);
                return;
            }

            options.Listen(node.Api.Bind, node.ApiPort, listen => listen.UseHttps(https =>
            {
                https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                https.ServerCertificateSelector = (_, _) => certificate();
            }));
        });

    /// <summary>The address the CLI calls: the bound address, or 127.0.0.1 when bound to every address.</summary>
    public static Uri BaseAddress(NodeSettings node)
    {
        var address = node.Api.Bind.Equals(IPAddress.Any) ? IPAddress.Loopback
            : node.Api.Bind.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback
            : node.Api.Bind;
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return new Uri($"{(node.Api.IsOpen ? "https" : "http")}://{host}:{node.ApiPort}/");
    }

    public static void Map(WebApplication app, NodeContext node)
    {
        app.MapGet("/api/status", () => Results.Json(StatusBuilder.Build(node), JsonDefaults.Options));

        app.MapGet("/api/tags", (string? filter) =>
        {
            var values = node.Runtime.Tags.GetLatest()
                .Where(v => string.IsNullOrEmpty(filter) || TagPattern.IsMatch(filter, v.Path))
                .Select(TagValueDto.From);
            return Results.Json(values, JsonDefaults.Options);
        });

        app.MapGet("/api/modules", () => Results.Json(ModulesReport.Build(node.Catalog, node.Definitions, loadUnused: false), JsonDefaults.Options));

        app.MapPost("/api/failover", (CancellationToken cancellationToken) => RedundancyAsync(node, (c, ct) => c.FailoverAsync(ct), cancellationToken))
            .RequireAuthorization(ApiRoles.Policies.Operator);
        app.MapPost("/api/drill", (CancellationToken cancellationToken) => DrillAsync(node, cancellationToken))
            .RequireAuthorization(ApiRoles.Policies.Operator);
        app.MapPost("/api/failback", (CancellationToken cancellationToken) => RedundancyAsync(node, (c, ct) => c.FailbackAsync(ct), cancellationToken))
            .RequireAuthorization(ApiRoles.Policies.Operator);

        app.MapPost("/api/config/reload", (CancellationToken cancellationToken) => ReloadAsync(node, restartRedundancy: false, cancellationToken))
            .RequireAuthorization(ApiRoles.Policies.Admin);

        app.MapGet("/api/cert", () => Results.Text(node.Runtime.Certificate.Pem, "application/x-pem-file"));

        HistoryEndpoints.Map(app, node);
        PairingEndpoints.Map(app, node);
    }

    /// <summary>A reload; with <paramref name="restartRedundancy"/> (after a pairing) the redundancy instance takes its new settings too.</summary>
    internal static async Task<IResult> ReloadAsync(NodeContext node, bool restartRedundancy, CancellationToken cancellationToken)
    {
        if (node.Configuration is not { } configuration)
        {
            return Results.Json(new ErrorDto("the node is still starting; try again in a moment"), JsonDefaults.Options, statusCode: 503);
        }

        var result = await configuration.ReloadAsync(restartRedundancy, cancellationToken);
        return result.Applied
            ? Results.Json(result, JsonDefaults.Options)
            : Results.Json(new ErrorDto(result.Message), JsonDefaults.Options, statusCode: 422);
    }

    private static async Task<IResult> DrillAsync(NodeContext node, CancellationToken cancellationToken)
    {
        if (node.Runtime.Services.Get<IRedundancyDrill>() is not { } drill)
        {
            return Results.Json(new ErrorDto("no redundant pair runs on this node: the drill needs the Redundancy module in primary mode"), JsonDefaults.Options, statusCode: 409);
        }

        var report = await drill.DrillAsync(cancellationToken);
        return report.Completed
            ? Results.Json(report, JsonDefaults.Options)
            : Results.Json(new ErrorDto(report.Message), JsonDefaults.Options, statusCode: 409);
    }

    private static async Task<IResult> RedundancyAsync(NodeContext node, Func<IRedundancyControl, CancellationToken, Task<FailoverResult>> command, CancellationToken cancellationToken)
    {
        var control = node.Runtime.Services.Get<IRedundancyControl>();
        if (control is null)
        {
            return Results.Json(new ErrorDto("this node is standalone: no redundancy module is running (add the Redundancy module to modules.json)"), JsonDefaults.Options, statusCode: 409);
        }

        var result = await command(control, cancellationToken);
        return result.Accepted
            ? Results.Json(result, JsonDefaults.Options)
            : Results.Json(new ErrorDto(result.Message), JsonDefaults.Options, statusCode: 409);
    }
}
