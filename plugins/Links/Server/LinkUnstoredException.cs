namespace N3Host.Plugins.Links;

/// <summary>Received values could not be confirmed as stored on this node: they are not acknowledged, so the sender keeps and resends them.</summary>
internal sealed class LinkUnstoredException(string message) : Exception(message);
