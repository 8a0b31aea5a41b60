using N3Host.Benchmarks;

// dotnet run -c Release --project tests/N3Host.Benchmarks -- <section>
// Each area adds its section here: a name and a method that prints its figures (medians, and ratios against a
// peer measured in the same run). Figures are printed, never asserted.
var sections = new Dictionary<string, Func<Task>>(StringComparer.OrdinalIgnoreCase)
{
    ["host"] = () => HostBenchmarks.RunAsync(args.Skip(1).ToArray()),
    ["redundancy"] = N3Host.Benchmarks.Redundancy.RedundancyBenchmarks.RunAsync,
    ["historian"] = () => N3Host.Benchmarks.Historian.HistorianBenchmarks.RunAsync(args.Skip(1).ToArray()),
    ["sync"] = () => N3Host.Benchmarks.Sync.SyncBenchmark.RunAsync(args.Skip(1).ToArray()),
    ["links"] = () => N3Host.Benchmarks.Links.LinksBenchmarks.RunAsync(args.Skip(1).ToArray()),
    ["accepted"] = () => N3Host.Benchmarks.Historian.AcceptedLagBenchmark.RunAsync(args.Skip(1).ToArray()),
    ["scale"] = () => N3Host.Benchmarks.Scale.ScaleBenchmark.RunAsync(args.Skip(1).ToArray()),
    ["losswindow"] = () => N3Host.Benchmarks.Redundancy.LossWindowBenchmark.RunAsync(args.Skip(1).ToArray()),
};

var which = args.Length > 0 ? args[0] : "";
if (which == "all")
{
    foreach (var (name, run) in sections)
    {
        Console.WriteLine($"== {name}");
        await run();
    }

    return 0;
}

if (!sections.TryGetValue(which, out var section))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project tests/N3Host.Benchmarks -- <{string.Join("|", sections.Keys)}|all>");
    return 1;
}

await section();
return 0;
