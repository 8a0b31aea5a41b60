using N3Host.Contracts;

namespace N3Host.Tags;

/// <summary>One subscriber's counters, as shown in status.</summary>
/// <param name="Name">The subscriber's name.</param>
/// <param name="Owner">The module instance that subscribed, if any.</param>
/// <param name="Patterns">Its tag patterns (empty: every tag).</param>
/// <param name="Capacity">Its queue capacity.</param>
/// <param name="Overflow">What it does when full.</param>
/// <param name="Queued">Values waiting in its queue.</param>
/// <param name="Delivered">Values put in its queue so far.</param>
/// <param name="Overflowed">Values it lost to a full queue (DropOldest only).</param>
/// <param name="Durable">True if it confirms what it stored (a historian): links acknowledge values only after that.</param>
/// <param name="Confirmed">Values it confirmed as stored (durable subscribers only).</param>
internal sealed record TagSubscriberStatus(string Name, string? Owner, IReadOnlyList<string> Patterns, int Capacity, TagOverflowPolicy Overflow, int Queued, long Delivered, long Overflowed, bool Durable, long Confirmed);
