using N3Host.Contracts;

namespace N3Host.Api;

/// <summary>One tag's latest value in <c>GET /api/tags</c> and in history answers.</summary>
internal sealed record TagValueDto(string Path, TagValueKind Kind, object Value, TagQuality Quality, DateTimeOffset SourceTime)
{
    public static TagValueDto From(TagValue value) => new(value.Path, value.Kind, value.Value, value.Quality, value.SourceTime);
}
