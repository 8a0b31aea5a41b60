using System.Globalization;

namespace N3Host.Plugins.Historian.Buffer;

/// <summary>A place in the store-and-forward buffer: a segment file's number and a byte offset in it.</summary>
/// <param name="Segment">The segment's number (segments are numbered upwards, never reused).</param>
/// <param name="Offset">The byte offset in the segment.</param>
internal readonly record struct BufferPosition(long Segment, long Offset) : IComparable<BufferPosition>
{
    /// <inheritdoc />
    public int CompareTo(BufferPosition other) => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    /// <summary>True if this position is after <paramref name="other"/>.</summary>
    public bool IsAfter(BufferPosition other) => CompareTo(other) > 0;

    /// <summary>As stored: <c>segment:offset</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Segment}:{Offset}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    public static BufferPosition? TryParse(string? text)
    {
        var parts = text?.Trim().Split(':');
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            return null;
        return new BufferPosition(segment, offset);
    }
}
