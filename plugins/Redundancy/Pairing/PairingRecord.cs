namespace N3Host.Plugins.Redundancy.Pairing;

/// <summary>What <c>pairing.json</c> in the redundancy instance's data folder holds.</summary>
/// <param name="Mode">The redundancy mode the node last ran in (<c>standalone</c>, <c>primary</c>, <c>backup</c>).</param>
/// <param name="NewPairingPending">
/// The mode changed and the next pairing has not yet been agreed as a new pairing (primary: the backup has not yet
/// recorded its overwrite; backup: its overwrite has not completed).
/// </param>
/// <param name="Overwrite">On a backup: the overwrite of its stored data by the primary's, begun and not completed.</param>
internal sealed record PairingRecord(string Mode, bool NewPairingPending, PendingOverwrite? Overwrite);
