using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using N3Host.Api.Security;
using N3Host.Pairing;

namespace N3Host.Api;

/// <summary>
/// <c>GET /api/pair</c> (the open code, for the console), <c>POST /api/pair</c> (open a new one: <c>n3host pair</c>) and
/// <c>POST /api/pair/join</c> (the backup's side, for the console's form), <c>POST /api/pair/apply</c> (a pairing the CLI wrote, put in force).
/// </summary>
internal static class PairingEndpoints
{
    public static void Map(WebApplication app, NodeContext node)
    {
        app.MapGet("/api/pair", () => node.Pairing is { } pairing
            ? Results.Json(PairingDto.From(pairing.Codes.Current, pairing.EndPoint), JsonDefaults.Options)
            : Starting()).RequireAuthorization(ApiRoles.Policies.Admin);

        app.MapPost("/api/pair", (string? listen) =>
        {
            if (node.Pairing is not { } pairing)
            {
                return Starting();
            }

            try
            {
                var state = pairing.Open(string.IsNullOrWhiteSpace(listen) ? null : listen.Trim());
                return Results.Json(PairingDto.From(state, pairing.EndPoint), JsonDefaults.Options);
            }
            catch (PairingRefusedException e)
            {
                return Results.Json(new ErrorDto(e.Message), JsonDefaults.Options, statusCode: 409);
            }
        }).RequireAuthorization(ApiRoles.Policies.Admin);

        app.MapPost("/api/pair/join", (HttpRequest request, CancellationToken cancellationToken) => JoinAsync(node, request, cancellationToken))
            .RequireAuthorization(ApiRoles.Policies.Admin);

        // A pairing that n3host pair --with wrote into modules.json while the node ran, put in force as /api/pair/join does (not
        // cancelled with the request: the file is written, a half-applied reload helps no one).
        app.MapPost("/api/pair/apply", () => ManagementApi.ReloadAsync(node, restartRedundancy: true, CancellationToken.None))
            .RequireAuthorization(ApiRoles.Policies.Admin);
    }

    /// <summary>
    /// <c>POST /api/pair/join</c> with <c>{ "with": "HOST[:PORT]", "code": "CODE", "links": false }</c>: the backup's side (or, with
    /// <c>links</c>, a remote node's Links), run by this node, for the console's form; <c>n3host pair --with</c> runs the same in the CLI.
    /// </summary>
    private static async Task<IResult> JoinAsync(NodeContext node, HttpRequest request, CancellationToken cancellationToken)
    {
        PairingJoinRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<PairingJoinRequest>(request.Body, JsonDefaults.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.Json(new ErrorDto($"the request body is not JSON {{ \"with\", \"code\", \"links\" }}: {e.Message}"), JsonDefaults.Options, statusCode: 400);
        }

        if (PairingTarget.Parse(body?.With) is not { } target)
        {
            return Results.Json(new ErrorDto($"with: expected {PairingTarget.Rule}"), JsonDefaults.Options, statusCode: 400);
        }

        if (PairingCode.Parse(body!.Code) is not { } code)
        {
            return Results.Json(new ErrorDto($"code: expected {PairingCode.Rule}"), JsonDefaults.Options, statusCode: 400);
        }

        try
        {
            var outcome = await PairingJoin.JoinAsync(node.Config, node.Runtime.Certificate, target, code, body.Links, node.Runtime.Time, cancellationToken);
            var next = await ReloadAsync(node, restartRedundancy: !body.Links, CancellationToken.None);
            return Results.Json(new PairingJoinDto(outcome.Peer.Node, PairingCertificates.Fingerprint(outcome.Peer.Certificate, "the primary"), outcome.Applied,
                outcome.PeerConfirmed, next), JsonDefaults.Options, statusCode: outcome.PeerConfirmed is null ? 200 : 409);
        }
        catch (PairingRefusedException e)
        {
            return Results.Json(new ErrorDto(e.Message), JsonDefaults.Options, statusCode: 409);
        }
        catch (PairingUnreachableException e)
        {
            return Results.Json(new ErrorDto(e.Message), JsonDefaults.Options, statusCode: 502);
        }
    }

    /// <summary>
    /// Applies what the pairing wrote (not cancelled with the request: the file is written, a half-applied reload helps no one). After a
    /// backup's pairing the redundancy instance restarts as the backup and connects to the primary: the pair comes up.
    /// </summary>
    private static async Task<string> ReloadAsync(NodeContext node, bool restartRedundancy, CancellationToken cancellationToken)
    {
        if (node.Configuration is not { } configuration)
        {
            return "the node is still starting: run n3host reload once it runs";
        }

        var result = await configuration.ReloadAsync(restartRedundancy, cancellationToken);
        return !result.Applied ? $"this node could not apply it: {result.Message}"
            : restartRedundancy ? $"this node applied it ({result.Message}): its redundancy instance runs as the backup and connects to the primary"
            : $"this node reloaded: {result.Message}";
    }

    private static IResult Starting() => Results.Json(new ErrorDto("the node is still starting; try again in a moment"), JsonDefaults.Options, statusCode: 503);
}
