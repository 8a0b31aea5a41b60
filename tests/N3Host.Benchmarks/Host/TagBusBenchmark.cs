using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.Benchmarks;

/// <summary>
/// Tag bus throughput: 1 producer publishes values one by one, 4 subscribers (back-pressure, capacity 65 536) read
/// every value. Peer: the same fan-out done by hand with 4 bounded channels, no bus.
/// </summary>
internal static class TagBusBenchmark
{
    private const int Values = 1_000_000;
    private const int Subscribers = 4;
    private const int Runs = 5;

    public static async Task RunAsync()
    {
        await MeasureBusAsync(100_000);
        await MeasureChannelsAsync(100_000);
        var bus = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            bus.Add(await MeasureBusAsync(Values));
            raw.Add(await MeasureChannelsAsync(Values));
        }

        var busMedian = Median.Of(bus);
        var rawMedian = Median.Of(raw);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tag bus throughput, 1 producer, {Subscribers} subscribers: median {busMedian:N0} values/s over {Runs} runs of {Values:N0} ({busMedian * Subscribers:N0} deliveries/s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  peer, the same fan-out over {Subscribers} bare bounded channels: median {rawMedian:N0} values/s; ratio {busMedian / rawMedian:0.00}"));
    }

    private static async Task<double> MeasureBusAsync(int count)
    {
        var bus = new TagBus(NullLogger<TagBus>.Instance, TimeProvider.System);
        var subscriptions = Enumerable.Range(0, Subscribers)
            .Select(i => bus.Subscribe(new TagSubscriptionOptions { Name = $"s{i}", Patterns = ["bench/*"] }))
            .ToList();
        var readers = subscriptions.Select(s => Task.Run(() => ReadAsync(s.Reader, count))).ToList();
        var values = Enumerable.Range(0, 100).Select(i => TagValue.FromNumber($"bench/t{i}", i, DateTimeOffset.UnixEpoch)).ToArray();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await bus.PublishAsync(values[i % values.Length], CancellationToken.None);
        }

        await Task.WhenAll(readers);
        var elapsed = clock.Elapsed.TotalSeconds;
        subscriptions.ForEach(s => s.Dispose());
        return count / elapsed;
    }

    private static async Task<double> MeasureChannelsAsync(int count)
    {
        var channels = Enumerable.Range(0, Subscribers)
            .Select(_ => Channel.CreateBounded<TagValue>(new BoundedChannelOptions(65_536) { FullMode = BoundedChannelFullMode.Wait }))
            .ToList();
        var readers = channels.Select(c => Task.Run(() => ReadAsync(c.Reader, count))).ToList();
        var values = Enumerable.Range(0, 100).Select(i => TagValue.FromNumber($"bench/t{i}", i, DateTimeOffset.UnixEpoch)).ToArray();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var value = values[i % values.Length];
            foreach (var channel in channels)
            {
                if (!channel.Writer.TryWrite(value))
                {
                    await channel.Writer.WriteAsync(value);
                }
            }
        }

        await Task.WhenAll(readers);
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task ReadAsync(ChannelReader<TagValue> reader, int count)
    {
        var seen = 0;
        while (seen < count && await reader.WaitToReadAsync())
        {
            while (seen < count && reader.TryRead(out _))
            {
                seen++;
            }
        }
    }
}
