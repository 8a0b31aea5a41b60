namespace N3Host.Contracts;

/// <summary>
/// The revision of the shared part of modules.json (the module instances and their settings, without the node section,
/// the redundancy instance and the settings marked node-local). A newer revision has a higher <paramref name="Counter"/>.
/// </summary>
/// <param name="Counter">Raised by one at every change of the shared part (a reload, or an edit found at start).</param>
/// <param name="Node">The node that made this revision.</param>
/// <param name="Hash">SHA-256 (lower-case hex) of the shared part without its node-local settings.</param>
/// <param name="Time">When the revision was made.</param>
public sealed record ConfigurationRevision(long Counter, string Node, string Hash, DateTimeOffset Time);
