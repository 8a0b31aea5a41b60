namespace N3Host.Status;

/// <summary>The retained JSON on <c>&lt;prefix&gt;/&lt;node&gt;/modules/&lt;instance&gt;</c>.</summary>
internal sealed record ModulePayload(string State, string Module, string? Version, DateTimeOffset Since, string? Error);
