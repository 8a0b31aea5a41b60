using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using N3Host.Pairing;

namespace N3Host.Api;

/// <summary><c>GET /api/pair</c> (the open code, for the console) and <c>POST /api/pair</c> (open a new one: <c>n3host pair</c>).</summary>
internal static class PairingEndpoints
{
    public static void Map(WebApplication app, NodeContext node)
    {
        app.MapGet("/api/pair", () => node.Pairing is { } pairing
            ? Results.Json(PairingDto.From(pairing.Codes.Current, pairing.EndPoint), JsonDefaults.Options)
            : Starting());

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
        });
    }

    private static IResult Starting() => Results.Json(new ErrorDto("the node is still starting; try again in a moment"), JsonDefaults.Options, statusCode: 503);
}
