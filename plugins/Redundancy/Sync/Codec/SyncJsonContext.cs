using System.Text.Json.Serialization;

namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>Source-generated JSON for the control messages.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SyncHello))]
[JsonSerializable(typeof(SyncJournalAdded))]
[JsonSerializable(typeof(SyncPlan))]
[JsonSerializable(typeof(SyncCaughtUp))]
[JsonSerializable(typeof(SyncCaughtUpConfirmed))]
[JsonSerializable(typeof(SyncCatchUpRequest))]
internal sealed partial class SyncJsonContext : JsonSerializerContext;
