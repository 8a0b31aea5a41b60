using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using N3Host.Api;
using N3Host.Contracts;
using N3Host.Tags;

namespace N3Host.OperatorConsole;

/// <summary>
/// <c>GET /api/events?filter=PATTERN</c>: the console's live feed. A <c>status</c> event (the whole <c>GET /api/status</c>)
/// at once when the role or a module's state changes, and every second (peer, sync progress); a <c>tags</c> event with the
/// latest values of the tags that match <c>filter</c> every second, never faster.
/// </summary>
internal static class ConsoleEvents
{
    public const string StatusEvent = "status";
    public const string TagsEvent = "tags";

    /// <summary>At most this many tags a second; the page says how many matched, so the operator narrows the filter.</summary>
    public const int MaxTags = 500;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>One event is one line of JSON (SSE data lines), with the API's names and enums.</summary>
    private static readonly JsonSerializerOptions Compact = new(JsonDefaults.Options) { WriteIndented = false };

    /// <summary>The feed, until the page goes away or the node stops (<paramref name="stopping"/>): an open page must not hold up the shutdown.</summary>
    public static async IAsyncEnumerable<SseItem<string>> StreamAsync(NodeContext node, string? filter, CancellationToken stopping, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stopping, requestAborted);
        var cancellationToken = ending.Token;
        var runtime = node.Runtime;
        var time = runtime.Time;
        var changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        void OnRoleChanged(object? sender, RoleState role) => changes.Writer.TryWrite(true);
        void OnModuleChanged(object? sender, ModuleStatus module) => changes.Writer.TryWrite(true);
        runtime.RoleGate.Changed += OnRoleChanged;
        runtime.ModuleStates.Changed += OnModuleChanged;
        try
        {
            var nextTick = time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = nextTick - time.GetUtcNow();
                if (wait > TimeSpan.Zero && await ChangedWithinAsync(changes.Reader, wait, time, cancellationToken))
                {
                    yield return Status(node);
                    continue;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                yield return Status(node);
                yield return Tags(runtime.Tags, filter);

                // The second counts from when the page has the values (the writer asks for the next event once it wrote
                // this one): a slow write, or a first serialization on a busy machine, must not bring the next one closer.
                nextTick = time.GetUtcNow() + Period;
            }
        }
        finally
        {
            runtime.RoleGate.Changed -= OnRoleChanged;
            runtime.ModuleStates.Changed -= OnModuleChanged;
        }
    }

    private static SseItem<string> Status(NodeContext node) =>
        new(JsonSerializer.Serialize(StatusBuilder.Build(node), Compact), StatusEvent);

    private static SseItem<string> Tags(TagBus tags, string? filter)
    {
        var matching = tags.GetLatest()
            .Where(v => string.IsNullOrEmpty(filter) || TagPattern.IsMatch(filter, v.Path))
            .OrderBy(v => v.Path, StringComparer.Ordinal)
            .ToList();
        var values = matching.Take(MaxTags).Select(TagValueDto.From);
        return new(JsonSerializer.Serialize(new { total = matching.Count, values }, Compact), TagsEvent);
    }

    /// <summary>True when the role or a module's state changed within <paramref name="wait"/>; false when the time passed (or the page went away).</summary>
    private static async Task<bool> ChangedWithinAsync(ChannelReader<bool> changes, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await changes.ReadAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
