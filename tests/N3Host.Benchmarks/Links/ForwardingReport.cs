namespace N3Host.Benchmarks.Links;

/// <summary>
/// The forwarding table: per path, median throughput and its ratio to the direct connection, round trips, and the
/// CPU time all parties spent per GiB (what the forwarder adds to the direct connection's cost: a figure the
/// machine's other load moves less than throughput).
/// </summary>
internal static class ForwardingReport
{
    public static void Print(
        IReadOnlyList<string> paths,
        Dictionary<string, List<double>> throughput,
        Dictionary<string, List<double>> roundTrip,
        Dictionary<string, List<double>> roundTrip99,
        Dictionary<string, List<double>> cpu)
    {
        var direct = throughput["direct"];
        Console.WriteLine($"{"path",-16} {"Gbit/s",7} {"[min..max]",14} {"x direct",9} {"[min..max]",12} {"RTT p50 us",11} {"added us",9} {"[min..max]",14} {"RTT p99 us",11} {"CPU ms/GiB",11} {"+ direct",9}");
        foreach (var name in paths)
        {
            var gbit = throughput[name];
            var ratios = gbit.Zip(direct, (g, d) => g / d).ToList();
            var added = roundTrip[name].Zip(roundTrip["direct"], (r, d) => r - d).ToList();
            Console.WriteLine(
                $"{name,-16} {Median.Of(gbit),7:0.00} {$"[{gbit.Min():0.0}..{gbit.Max():0.0}]",14} {Median.Of(ratios),9:0.00} {$"[{ratios.Min():0.00}..{ratios.Max():0.00}]",12} " +
                $"{Median.Of(roundTrip[name]),11:0.0} {Median.Of(added),9:0.0} {$"[{added.Min():0.0}..{added.Max():0.0}]",14} {Median.Of(roundTrip99[name]),11:0.0} {Median.Of(cpu[name]),11:0} {Median.Of(cpu[name]) - Median.Of(cpu["direct"]),9:0}");
        }
    }
}
