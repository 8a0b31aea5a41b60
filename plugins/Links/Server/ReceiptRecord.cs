namespace N3Host.Plugins.Links;

/// <summary>The payload of a receipt journal record: a sender's stream has been received up to <see cref="HighWater"/>.</summary>
internal sealed record ReceiptRecord(Guid Stream, string Node, string Instance, long HighWater);
