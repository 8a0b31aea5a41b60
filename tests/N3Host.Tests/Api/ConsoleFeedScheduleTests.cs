using System.Net.ServerSentEvents;
using N3Host.Contracts;
using N3Host.OperatorConsole;
using N3Host.Tests.Configuration;
using Xunit;

namespace N3Host.Tests.Api;

/// <summary>
/// The console's feed (<c>GET /api/events</c>) read by a slow writer on the node's fake clock: the tag values reach the page at
/// most once a second, counted from when the page got the previous ones.
/// </summary>
public sealed class ConsoleFeedScheduleTests
{
    private const string Config = """
        { "node": { "name": "n1", "dataDirectory": "data" },
          "modules": [ { "instance": "a", "module": "FakeActive", "settings": { "periodMs": 100 } } ] }
        """;

    [Fact]
    public async Task TagEvents_AreASecondApart_EvenWhenWritingTheFirstTookMostOfASecond()
    {
        await using var node = await ConfigurationHarness.StartAsync(Config);
        await node.Runtime.Tags.PublishAsync(new TagValue("sim/ramp", TagValueKind.Number, 1, null, TagQuality.Good, node.Time.GetUtcNow()), CancellationToken.None);
        using var page = new CancellationTokenSource();
        await using var feed = ConsoleEvents.StreamAsync(node.Node, "sim/*", CancellationToken.None, page.Token).GetAsyncEnumerator(page.Token);
        var tagsAt = new List<DateTimeOffset>();

        // The first status and tag values at once; the status takes 900 ms to write (a first serialization on a busy box).
        Assert.Equal(ConsoleEvents.StatusEvent, await NextAsync(feed));
        node.Time.Advance(TimeSpan.FromMilliseconds(900));
        Assert.Equal(ConsoleEvents.TagsEvent, await NextAsync(feed));
        tagsAt.Add(node.Time.GetUtcNow());
        node.Time.Advance(TimeSpan.FromMilliseconds(200));

        // The next values wait a whole second from the first ones' write; a feed timed from before the slow write sends at once.
        var next = feed.MoveNextAsync();
        Assert.False(next.IsCompleted, "the feed sent again 200 ms after the page got the previous values");
        node.Time.Advance(TimeSpan.FromMilliseconds(999));
        await Task.Delay(50);
        Assert.False(next.IsCompleted, "the feed sent again 999 ms after the page got the previous values");
        node.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await next.AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(ConsoleEvents.StatusEvent, feed.Current.EventType);
        Assert.Equal(ConsoleEvents.TagsEvent, await NextAsync(feed));
        tagsAt.Add(node.Time.GetUtcNow());
        Assert.Contains("sim/ramp", feed.Current.Data, StringComparison.Ordinal);

        Assert.Equal(TimeSpan.FromMilliseconds(1200), tagsAt[1] - tagsAt[0]);
        await page.CancelAsync();
    }

    private static async Task<string?> NextAsync(IAsyncEnumerator<SseItem<string>> feed)
    {
        Assert.True(await feed.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        return feed.Current.EventType;
    }
}
