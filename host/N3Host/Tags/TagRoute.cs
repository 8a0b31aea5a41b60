namespace N3Host.Tags;

/// <summary>Which subscribers get one tag's values, worked out once per set of subscribers (not per value).</summary>
/// <param name="For">The subscriber set this was worked out for.</param>
/// <param name="Targets">The subscribers whose patterns match the tag.</param>
internal sealed record TagRoute(TagSubscription[] For, TagSubscription[] Targets);
