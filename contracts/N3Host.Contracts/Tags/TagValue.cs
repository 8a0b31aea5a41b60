namespace N3Host.Contracts;

/// <summary>One value of one tag.</summary>
/// <param name="Path">The tag's path, e.g. <c>sim/ramp1</c>.</param>
/// <param name="Kind">Number, boolean or text.</param>
/// <param name="Number">The value for numbers, and 1/0 for booleans.</param>
/// <param name="Text">The value for text.</param>
/// <param name="Quality">How far it can be trusted.</param>
/// <param name="SourceTime">When the source produced it.</param>
public readonly record struct TagValue(string Path, TagValueKind Kind, double Number, string? Text, TagQuality Quality, DateTimeOffset SourceTime)
{
    /// <summary>A number value.</summary>
    public static TagValue FromNumber(string path, double value, DateTimeOffset sourceTime, TagQuality quality = TagQuality.Good) =>
        new(path, TagValueKind.Number, value, null, quality, sourceTime);

    /// <summary>A boolean value.</summary>
    public static TagValue FromBoolean(string path, bool value, DateTimeOffset sourceTime, TagQuality quality = TagQuality.Good) =>
        new(path, TagValueKind.Boolean, value ? 1 : 0, null, quality, sourceTime);

    /// <summary>A text value.</summary>
    public static TagValue FromText(string path, string value, DateTimeOffset sourceTime, TagQuality quality = TagQuality.Good) =>
        new(path, TagValueKind.Text, 0, value, quality, sourceTime);

    /// <summary>The value as a double, a bool or a string.</summary>
    public object Value => Kind switch
    {
        TagValueKind.Boolean => Number != 0,
        TagValueKind.Text => Text ?? string.Empty,
        _ => Number,
    };
}
