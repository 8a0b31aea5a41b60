using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace N3Host.Benchmarks.Links;

/// <summary>Throughput and 64-byte round trips through one path (direct, the agent, socat, HAProxy).</summary>
internal static class ForwardingBench
{
    public static async Task<double> ThroughputGbitAsync(int port, long bytes)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var chunk = new byte[128 << 10];
        chunk.AsSpan().Fill(0x5A);
        var stopwatch = Stopwatch.StartNew();
        await socket.SendAsync(new byte[] { (byte)'S' }, SocketFlags.None);
        for (long sent = 0; sent < bytes; sent += chunk.Length)
        {
            await socket.SendAsync(chunk, SocketFlags.None);
        }

        socket.Shutdown(SocketShutdown.Send);
        var done = new byte[1];
        await socket.ReceiveAsync(done, SocketFlags.None);
        return bytes * 8 / stopwatch.Elapsed.TotalSeconds / 1e9;
    }

    /// <summary>Round-trip times in microseconds, sorted.</summary>
    public static async Task<double[]> RoundTripsAsync(int port, int count)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync(new byte[] { (byte)'E' }, SocketFlags.None);
        var message = new byte[64];
        var answer = new byte[64];
        var samples = new double[count];
        for (var i = -500; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(message, SocketFlags.None);
            var got = 0;
            while (got < answer.Length)
            {
                got += await socket.ReceiveAsync(answer.AsMemory(got), SocketFlags.None);
            }

            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        Array.Sort(samples);
        return samples;
    }

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * p))];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
