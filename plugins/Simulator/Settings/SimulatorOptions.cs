namespace N3Host.Plugins.Simulator.Settings;

/// <summary>The Simulator's settings (the instance's <c>settings</c> object in modules.json).</summary>
public sealed class SimulatorOptions
{
    /// <summary>Smallest allowed <see cref="PeriodMs"/>.</summary>
    public const int MinPeriodMs = 10;

    /// <summary>Largest allowed <see cref="PeriodMs"/> (one hour).</summary>
    public const int MaxPeriodMs = 3_600_000;

    /// <summary>Largest allowed <see cref="Count"/>.</summary>
    public const int MaxCount = 100_000;

    /// <summary>Milliseconds between two samples of every tag.</summary>
    public int PeriodMs { get; set; } = 1000;

    /// <summary>Explicitly configured tags.</summary>
    public IList<SimulatedTagOptions> Tags { get; } = [];

    /// <summary>How many extra tags to generate (round-robin over the types), for load tests.</summary>
    public int Count { get; set; }

    /// <summary>Path prefix of the generated tags: <c>&lt;pathPrefix&gt;/&lt;type&gt;&lt;n&gt;</c>.</summary>
    public string PathPrefix { get; set; } = "sim/load";
}
