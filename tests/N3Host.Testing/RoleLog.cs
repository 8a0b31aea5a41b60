using System.Globalization;
using System.Text.RegularExpressions;

namespace N3Host.Testing;

/// <summary>A node's role periods read from its own log lines (UTC timestamps to the millisecond, the machine's clock).</summary>
public static partial class RoleLog
{
    /// <summary>When a log line was written.</summary>
    public static DateTimeOffset At(string line) =>
        DateTimeOffset.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// The periods from each line containing <paramref name="active"/> to the next containing <paramref name="standby"/>, with the
    /// term the active line names (0 if none); a period still open at the end runs to <paramref name="openUntil"/> (or is left out without it).
    /// </summary>
    public static List<(DateTimeOffset From, DateTimeOffset To, long Term)> ActivePeriods(IEnumerable<string> lines, string active, string standby, DateTimeOffset? openUntil = null)
    {
        var periods = new List<(DateTimeOffset, DateTimeOffset, long)>();
        (DateTimeOffset At, long Term)? from = null;
        foreach (var line in lines)
        {
            if (from is null && line.Contains(active, StringComparison.Ordinal))
            {
                var term = Term().Match(line);
                from = (At(line), term.Success ? long.Parse(term.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
            }
            else if (from is { } start && line.Contains(standby, StringComparison.Ordinal))
            {
                periods.Add((start.At, At(line), start.Term));
                from = null;
            }
        }

        if (from is { } open && openUntil is { } until)
        {
            periods.Add((open.At, until, open.Term));
        }

        return periods;
    }

    /// <summary>
    /// The ticks (Unix time in ms / <paramref name="periodMs"/>) a Simulator skipped because it ran late, as its log says (each burst
    /// once, with its size; a tick either side counted too): nobody made those samples.
    /// </summary>
    public static HashSet<long> SkippedTicks(IEnumerable<string> lines, int periodMs)
    {
        var ticks = new HashSet<long>();
        foreach (var line in lines)
        {
            var match = FellBehind().Match(line);
            if (!match.Success)
                continue;
            var now = At(line).ToUnixTimeMilliseconds() / periodMs;
            var skipped = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            for (var tick = now - skipped - 1; tick <= now; tick++)
                ticks.Add(tick);
        }

        return ticks;
    }

    [GeneratedRegex(@"\(term (\d+)\)")]
    private static partial Regex Term();

    [GeneratedRegex(@"fell behind: skipped (\d+) periods")]
    private static partial Regex FellBehind();
}
