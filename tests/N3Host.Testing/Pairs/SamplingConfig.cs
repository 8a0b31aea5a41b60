
namespace N3Host.Testing;

/// <summary>What a pair needs to produce and keep data: a Simulator counter every 100 ms and a Historian (embedded SQLite).</summary>
public static class SamplingConfig
{
    public const string Counter = "sim/counter";

    public static NodeConfig AddSampling(this NodeConfig config, bool sampling, int flushIntervalMs = 200) => !sampling
        ? config
        : config
            .Add("history", "Historian", new { flushIntervalMs })
            .Add("sim", "Simulator", new { periodMs = 100, tags = new[] { new { path = Counter, type = "counter", min = 0, max = 1_000_000, step = 1 } } });
}
