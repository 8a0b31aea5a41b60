using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>A tag's resolved parameters: the configured ones, defaults for the rest.</summary>
/// <param name="Path">The tag's path.</param>
/// <param name="Type">Its shape.</param>
/// <param name="Min">Lower bound (ramp, randomWalk, counter).</param>
/// <param name="Max">Upper bound (ramp, randomWalk, counter).</param>
/// <param name="Amplitude">Sine amplitude.</param>
/// <param name="Offset">Sine centre line.</param>
/// <param name="PeriodSeconds">Cycle length (ramp, sine, square).</param>
/// <param name="Step">Change per sample (randomWalk, counter).</param>
/// <param name="Seed">Random seed (randomWalk).</param>
public sealed record TagParameters(
    string Path,
    GeneratorType Type,
    double Min,
    double Max,
    double Amplitude,
    double Offset,
    double PeriodSeconds,
    double Step,
    long Seed)
{
    /// <summary>Default lower bound.</summary>
    public const double DefaultMin = 0;

    /// <summary>Default upper bound of ramp and randomWalk.</summary>
    public const double DefaultMax = 100;

    /// <summary>Default upper bound of counter (it wraps there).</summary>
    public const double DefaultCounterMax = 1_000_000;

    /// <summary>Default sine amplitude.</summary>
    public const double DefaultAmplitude = 50;

    /// <summary>Default sine offset.</summary>
    public const double DefaultOffset = 50;

    /// <summary>Default cycle length of ramp and sine.</summary>
    public const double DefaultPeriodSeconds = 60;

    /// <summary>Default cycle length of square.</summary>
    public const double DefaultSquarePeriodSeconds = 10;

    /// <summary>Default step.</summary>
    public const double DefaultStep = 1;

    /// <summary>Smallest allowed periodSeconds.</summary>
    public const double MinPeriodSeconds = 0.01;

    /// <summary>Largest allowed periodSeconds (one week).</summary>
    public const double MaxPeriodSeconds = 604_800;

    /// <summary>Largest allowed magnitude of min, max, amplitude, offset and step.</summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>A type's parameters with every default (the seed derived from the path).</summary>
    public static TagParameters Defaults(string path, GeneratorType type) => new(
        path,
        type,
        DefaultMin,
        type == GeneratorType.Counter ? DefaultCounterMax : DefaultMax,
        DefaultAmplitude,
        DefaultOffset,
        type == GeneratorType.Square ? DefaultSquarePeriodSeconds : DefaultPeriodSeconds,
        DefaultStep,
        PathSeed.Of(path));
}
