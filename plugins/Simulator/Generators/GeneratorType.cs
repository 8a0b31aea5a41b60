namespace N3Host.Plugins.Simulator.Generators;

/// <summary>The shapes a simulated tag can take.</summary>
public enum GeneratorType
{
    /// <summary>Rises linearly from min to max over one period, then starts again at min.</summary>
    Ramp = 0,

    /// <summary>offset + amplitude * sin(2π t / period).</summary>
    Sine = 1,

    /// <summary>Starts between min and max and moves by at most step each sample, reflected at the bounds.</summary>
    RandomWalk = 2,

    /// <summary>Counts up by step each sample from min, wrapping before max.</summary>
    Counter = 3,

    /// <summary>A boolean: true in the first half of each period, false in the second.</summary>
    Square = 4,
}
