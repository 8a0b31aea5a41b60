using N3Host.PluginKit.Settings;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>One entry of the <c>tags</c> setting. Parameters left out take the type's defaults.</summary>
public sealed class SimulatedTagOptions
{
    /// <summary>The tag's path on the tag bus.</summary>
    [Setting("path")]
    public string? Path { get; set; }

    /// <summary>ramp, sine, randomWalk, counter or square.</summary>
    [Setting("type", Rule = "one of ramp, sine, randomWalk, counter, square")]
    public string? Type { get; set; }

    /// <summary>Lower bound (ramp, randomWalk, counter).</summary>
    [Setting("min", Min = -1e12, Max = 1e12)]
    public double? Min { get; set; }

    /// <summary>Upper bound (ramp, randomWalk, counter).</summary>
    [Setting("max", Min = -1e12, Max = 1e12)]
    public double? Max { get; set; }

    /// <summary>Half the peak-to-peak swing (sine).</summary>
    [Setting("amplitude", Min = 0, Max = 1e12)]
    public double? Amplitude { get; set; }

    /// <summary>The centre line (sine).</summary>
    [Setting("offset", Min = -1e12, Max = 1e12)]
    public double? Offset { get; set; }

    /// <summary>Length of one cycle in seconds (ramp, sine, square).</summary>
    [Setting("periodSeconds", Min = 0.01, Max = 604_800)]
    public double? PeriodSeconds { get; set; }

    /// <summary>Change per sample (counter: exact; randomWalk: at most).</summary>
    [Setting("step", Min = 0, Max = 1e12)]
    public double? Step { get; set; }

    /// <summary>Seed of the random sequence (randomWalk); default: derived from the path.</summary>
    [Setting("seed")]
    public long? Seed { get; set; }
}
