using System.Globalization;

namespace N3Host.Plugins.Historian.Queries;

/// <summary>Where the next page of a raw query starts: after the value at <see cref="Ticks"/> with this <see cref="Key"/>.</summary>
/// <param name="Ticks">The last returned value's UTC ticks.</param>
/// <param name="Key">The last returned value's tie-breaker among values with the same time (the store's row key).</param>
internal readonly record struct RawCursor(long Ticks, string Key)
{
    /// <summary>The opaque cursor string.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ticks}.{Key}");

    /// <summary>Parses a cursor, or throws <see cref="ArgumentException"/> naming it.</summary>
    public static RawCursor? Parse(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == cursor.Length - 1 || !long.TryParse(cursor.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks))
            throw new ArgumentException($"cursor '{cursor}' is not valid: pass the nextCursor of the previous page", nameof(cursor));
        return new RawCursor(ticks, cursor[(dot + 1)..]);
    }
}
