namespace N3Host.Plugins.Simulator.Settings;

/// <summary>One entry of the <c>tags</c> setting. Parameters left out take the type's defaults.</summary>
public sealed class SimulatedTagOptions
{
    /// <summary>The tag's path on the tag bus.</summary>
    public string? Path { get; set; }

    /// <summary>ramp, sine, randomWalk, counter or square.</summary>
    public string? Type { get; set; }

    /// <summary>Lower bound (ramp, randomWalk, counter).</summary>
    public double? Min { get; set; }

    /// <summary>Upper bound (ramp, randomWalk, counter).</summary>
    public double? Max { get; set; }

    /// <summary>Half the peak-to-peak swing (sine).</summary>
    public double? Amplitude { get; set; }

    /// <summary>The centre line (sine).</summary>
    public double? Offset { get; set; }

    /// <summary>Length of one cycle in seconds (ramp, sine, square).</summary>
    public double? PeriodSeconds { get; set; }

    /// <summary>Change per sample (counter: exact; randomWalk: at most).</summary>
    public double? Step { get; set; }

    /// <summary>Seed of the random sequence (randomWalk); default: derived from the path.</summary>
    public long? Seed { get; set; }
}
