using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace N3Host.Cli;

/// <summary>
/// How the CLI shows values to people: times in the operator's local time (or UTC) to the millisecond, numbers rounded to what a reader can
/// use, and a JSON object as aligned <c>name  value</c> lines (nested names joined with dots, list items numbered).
/// </summary>
internal sealed class ReadableValues(bool utc)
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    /// <summary>"(UTC)" or the local zone's offset, for a column heading.</summary>
    public string Zone
    {
        get
        {
            if (utc)
            {
                return "UTC";
            }

            var offset = TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow);
            return string.Create(CultureInfo.InvariantCulture, $"local, UTC{(offset < TimeSpan.Zero ? '-' : '+')}{offset.Duration().Hours:00}:{offset.Duration().Minutes:00}");
        }
    }

    public string Time(DateTimeOffset time) =>
        (utc ? time.ToUniversalTime() : time.ToLocalTime()).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>One value as text: a time, a rounded number, a string as it is; "-" for nothing.</summary>
    public string Value(JsonNode? node)
    {
        if (node is null)
        {
            return "-";
        }

        if (node is not JsonValue value)
        {
            return node.ToJsonString();
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                return LooksLikeTime(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? Time(time) : text;
            case JsonValueKind.Number:
                return value.TryGetValue<long>(out var whole) ? whole.ToString(CultureInfo.InvariantCulture) : Number(value.GetValue<double>());
            case JsonValueKind.True:
                return "yes";
            case JsonValueKind.False:
                return "no";
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>A number as a reader wants it: 3 decimals at most, 3 significant digits below 1, no exponent for ordinary sizes.</summary>
    public static string Number(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number))
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        var magnitude = Math.Abs(number);
        return magnitude switch
        {
            0 => "0",
            >= 1e15 or < 1e-6 => number.ToString("0.###E+0", CultureInfo.InvariantCulture),
            >= 1000 => number.ToString("0.#", CultureInfo.InvariantCulture),
            >= 1 => number.ToString("0.###", CultureInfo.InvariantCulture),
            _ => number.ToString("G3", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>An object's fields as aligned lines, each indented by <paramref name="indent"/>.</summary>
    public string Fields(JsonNode? node, string indent = "  ")
    {
        var lines = new List<(string Name, string Value)>();
        Flatten(node, string.Empty, lines);
        if (lines.Count == 0)
        {
            return indent + "-\n";
        }

        var width = lines.Max(l => l.Name.Length);
        var text = new StringBuilder();
        foreach (var (name, value) in lines)
        {
            text.Append(indent).Append(name.PadRight(width + 2)).Append(value).Append('\n');
        }

        return text.ToString();
    }

    private void Flatten(JsonNode? node, string prefix, List<(string, string)> lines)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach (var (key, child) in obj)
                {
                    Flatten(child, prefix.Length == 0 ? key : $"{prefix}.{key}", lines);
                }

                break;
            case JsonArray array when array.Count > 0 && array.All(i => i is JsonValue):
                lines.Add((prefix, string.Join(", ", array.Select(Value))));
                break;
            case JsonArray array when array.Count > 0:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{prefix}[{i + 1}]", lines);
                }

                break;
            case JsonObject or JsonArray:
                lines.Add((prefix, "-"));
                break;
            default:
                lines.Add((prefix, Value(node)));
                break;
        }
    }

    private static bool LooksLikeTime(string text) => text.Length >= 19 && text[4] == '-' && text[7] == '-' && text[10] == 'T';
}
