namespace N3Host.Plugins.Links;

/// <summary>One connected link client, in the server's status.</summary>
internal sealed record LinkPeerStatus(string Node, string Instance, string Remote, Guid Stream, long HighWater, DateTimeOffset Since);
