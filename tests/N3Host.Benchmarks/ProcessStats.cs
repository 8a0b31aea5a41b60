using System.Globalization;

namespace N3Host.Benchmarks;

/// <summary>A process's CPU time and resident memory, read from /proc (Linux).</summary>
internal static class ProcessStats
{
    /// <summary>User and system CPU seconds of <paramref name="pid"/>; with <paramref name="children"/> also those of its children that ended.</summary>
    public static double CpuSeconds(int pid, bool children = false)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = Field(fields, 11) + Field(fields, 12) + (children ? Field(fields, 13) + Field(fields, 14) : 0);
        return ticks / 100.0;
    }

    /// <summary>Resident memory of <paramref name="pid"/> in MiB (VmRSS).</summary>
    public static double RssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    private static long Field(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
