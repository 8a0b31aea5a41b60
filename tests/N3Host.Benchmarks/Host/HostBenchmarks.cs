namespace N3Host.Benchmarks;

/// <summary>The host's figures: cold start to all modules active, and tag bus throughput. <c>--only coldstart|tagbus</c> runs one.</summary>
internal static class HostBenchmarks
{
    public static async Task RunAsync(string[] args)
    {
        var only = BenchArgs.Text(args, "--only");
        if (only is null or "coldstart")
        {
            await ColdStartBenchmark.RunAsync();
        }

        if (only is null or "tagbus")
        {
            await TagBusBenchmark.RunAsync();
        }
    }
}
