namespace N3Host.Api;

/// <summary>Every API error: one sentence that says what is wrong.</summary>
internal sealed record ErrorDto(string Error);
