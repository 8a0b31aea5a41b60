using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.Api;

/// <summary>The node's local management API on 127.0.0.1 only, which the CLI uses.</summary>
internal static class ManagementApi
{
    /// <summary>Binds Kestrel to 127.0.0.1 on <paramref name="port"/>, and nothing else.</summary>
    public static void Listen(WebApplicationBuilder builder, int port) =>
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));

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

        app.MapPost("/api/failover", (CancellationToken cancellationToken) => RedundancyAsync(node, (c, ct) => c.FailoverAsync(ct), cancellationToken));
        app.MapPost("/api/drill", (CancellationToken cancellationToken) => DrillAsync(node, cancellationToken));
        app.MapPost("/api/failback", (CancellationToken cancellationToken) => RedundancyAsync(node, (c, ct) => c.FailbackAsync(ct), cancellationToken));

        app.MapPost("/api/config/reload", (CancellationToken cancellationToken) => ReloadAsync(node, cancellationToken));

        app.MapGet("/api/cert", () => Results.Text(node.Runtime.Certificate.Pem, "application/x-pem-file"));

        HistoryEndpoints.Map(app, node);
        OperatorConsole.ConsoleEndpoints.Map(app, node);
    }

    private static async Task<IResult> ReloadAsync(NodeContext node, CancellationToken cancellationToken)
    {
        if (node.Configuration is not { } configuration)
        {
            return Results.Json(new ErrorDto("the node is still starting; try again in a moment"), JsonDefaults.Options, statusCode: 503);
        }

        var result = await configuration.ReloadAsync(cancellationToken);
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
