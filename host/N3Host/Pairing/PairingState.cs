using System.Globalization;

namespace N3Host.Pairing;

/// <summary>This node's pairing code and what became of it (one record; <see cref="PairingCodes"/> lists the transitions).</summary>
/// <param name="Phase">Where the code stands.</param>
/// <param name="Code">The code (null before the first one).</param>
/// <param name="ExpiresAt">When the code stops being valid.</param>
/// <param name="AttemptsLeft">Wrong codes still allowed before the code is void.</param>
/// <param name="Peer">After a pairing: the backup's node name and certificate fingerprint.</param>
/// <param name="Message">What a user reads about it (the refusal a backup gets, or what was done).</param>
internal sealed record PairingState(PairingPhase Phase, PairingCode? Code, DateTimeOffset? ExpiresAt, int AttemptsLeft, string? Peer, string Message)
{
    public static PairingState Initial { get; } = new(PairingPhase.None, null, null, 0, null, "no pairing code is open on this node; run n3host pair on the primary");

    /// <summary>A time as the messages show it: <c>HH:mm UTC</c>.</summary>
    public static string Clock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
