using N3Host.Pairing;

namespace N3Host.Api;

/// <summary><c>GET/POST /api/pair</c>: this node's pairing code and what became of it.</summary>
/// <param name="Phase">none, open, paired, voided or expired.</param>
/// <param name="Code">The code while it is open (null otherwise).</param>
/// <param name="ExpiresAt">When the code stops being valid.</param>
/// <param name="AttemptsLeft">Wrong codes still allowed.</param>
/// <param name="Listening">The pairing listener's address and port while the code is open.</param>
/// <param name="Peer">After a pairing: the backup's name and certificate fingerprint.</param>
/// <param name="Message">The state in words.</param>
internal sealed record PairingDto(string Phase, string? Code, DateTimeOffset? ExpiresAt, int AttemptsLeft, string? Listening, string? Peer, string Message)
{
    public static PairingDto From(PairingState state, System.Net.IPEndPoint? listening)
    {
        ArgumentNullException.ThrowIfNull(state);
        var open = state.Phase == PairingPhase.Open;
        return new PairingDto(state.Phase.ToString().ToLowerInvariant(), open ? state.Code?.ToString() : null, state.ExpiresAt, state.AttemptsLeft,
            open ? listening?.ToString() : null, state.Peer, state.Message);
    }
}
