namespace N3Host.Plugins.Links;

/// <summary>A link client's connection as its status shows it: up or not, to which node, since when, the last error, how many connects.</summary>
internal readonly record struct LinkConnectionState(bool Connected, string? Peer, DateTimeOffset? Since, string? LastError, long Connects);
