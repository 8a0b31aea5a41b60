namespace N3Host.Benchmarks;

/// <summary>The host's figures: cold start to all modules active, and tag bus throughput.</summary>
internal static class HostBenchmarks
{
    public static async Task RunAsync()
    {
        await ColdStartBenchmark.RunAsync();
        await TagBusBenchmark.RunAsync();
    }
}
