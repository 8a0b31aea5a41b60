namespace N3Host.Tags;

/// <summary>The tag bus in status: how many tags have a latest value, and every subscriber's counters.</summary>
/// <param name="Tags">Tags with a latest value.</param>
/// <param name="Subscribers">Every subscriber.</param>
internal sealed record TagBusStatus(int Tags, IReadOnlyList<TagSubscriberStatus> Subscribers);
