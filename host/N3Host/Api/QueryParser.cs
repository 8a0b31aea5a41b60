using System.Globalization;

namespace N3Host.Api;

/// <summary>Parses history query values: times (ISO 8601, or relative to now like <c>-15m</c>) and durations (<c>500ms</c>, <c>10s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, or <c>hh:mm:ss</c>).</summary>
internal static class QueryParser
{
    public static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        (string Suffix, double Ms)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (suffix, ms) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                duration = TimeSpan.FromMilliseconds(number * ms);
                return duration > TimeSpan.Zero;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    public static bool TryParseTime(string? text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (string.Equals(text, "now", StringComparison.OrdinalIgnoreCase))
        {
            time = now;
            return true;
        }

        if (text.StartsWith('-') && TryParseDuration(text[1..], out var ago))
        {
            time = now - ago;
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }
}
