using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace JournalPlugin;

/// <summary>
/// The instance's settings: <c>periodMs</c> (default 100, 10 to 60000), <c>recordsPerTick</c> (default 1, 1 to 10000),
/// <c>payloadBytes</c> (padding per record, default 0, 0 to 65536), <c>journal</c> (the journal's name, default <c>ticks</c>)
/// and <c>maxRecords</c> (stop producing once the journal holds this many of this node's own records; default 0: no limit,
/// 0 to 100000000), so a test can compare two nodes' journals while nothing changes.
/// </summary>
public sealed record TickSettings(TimeSpan Period, int RecordsPerTick, int PayloadBytes, string Journal)
{
    /// <summary>Stop producing once the journal holds this many of this node's records; 0: no limit.</summary>
    public long MaxRecords { get; init; }

    public static TickSettings Read(IConfiguration settings, string instance)
    {
        var period = Integer(settings, instance, "periodMs", 100, 10, 60_000);
        var perTick = Integer(settings, instance, "recordsPerTick", 1, 1, 10_000);
        var padding = Integer(settings, instance, "payloadBytes", 0, 0, 65_536);
        var journal = settings["journal"] is { Length: > 0 } name ? name : "ticks";
        var max = Integer(settings, instance, "maxRecords", 0, 0, 100_000_000);
        return new TickSettings(TimeSpan.FromMilliseconds(period), perTick, padding, journal) { MaxRecords = max };
    }

    private static int Integer(IConfiguration settings, string instance, string key, int fallback, int min, int max)
    {
        var text = settings[key];
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"modules.json, instance '{instance}', setting '{key}': value '{text}' is not valid; allowed: a whole number from {min} to {max}");
        }

        return value;
    }
}
