namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The <c>pairing</c> object of the redundancy status: this node's mode as persisted, and its mode change.</summary>
/// <param name="PreviousMode">The mode recorded in <c>pairing.json</c> when the node started; null on a fresh data folder (never a mode change).</param>
/// <param name="ModeChanged">The node started in another mode than recorded (or an earlier mode change still waits for its new pairing).</param>
/// <param name="NewPairingPending">This node asks for a new pairing at its next handshake (cleared once the backup's overwrite is recorded or done).</param>
internal sealed record PairingStatus(string? PreviousMode, bool ModeChanged, bool NewPairingPending);
