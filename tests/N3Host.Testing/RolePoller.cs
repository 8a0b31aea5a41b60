using System.Diagnostics;
using System.Text.Json.Nodes;

namespace N3Host.Testing;

/// <summary>
/// Polls the management API (<c>GET /api/status</c>) of one or more nodes every few milliseconds, as a dashboard would,
/// and keeps every answer, so a test can say what a user would have seen at any moment: the first answer of a starting
/// node, or whether two nodes ever answered active in the same round.
/// </summary>
public sealed class RolePoller : IAsyncDisposable
{
    private readonly (string Name, HttpClient Http)[] _nodes;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoleSample[]> _rounds = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    /// <param name="nodes">Each node's name, API port and data folder (whose API secret the poller sends, as the CLI does).</param>
    public RolePoller(TimeSpan interval, params (string Name, int ApiPort, string DataDirectory)[] nodes)
    {
        _nodes = [.. nodes.Select(n => (n.Name, NodeApiClient.Create(n.ApiPort, n.DataDirectory, TimeSpan.FromSeconds(2))))];
        _loop = Task.Run(() => LoopAsync(interval));
    }

    /// <summary>Every round so far: one sample per node (null fields while its API did not answer).</summary>
    public IReadOnlyList<RoleSample[]> Rounds
    {
        get
        {
            lock (_lock)
            {
                return [.. _rounds];
            }
        }
    }

    /// <summary>The answers of one node that its API gave, in order.</summary>
    public IReadOnlyList<RoleSample> Answers(string node) => [.. Rounds.SelectMany(r => r).Where(s => s.Node == node && s.Role is not null)];

    /// <summary>The rounds in which more than one node answered active.</summary>
    public IReadOnlyList<RoleSample[]> TwoActive() => [.. Rounds.Where(r => r.Count(s => s.Role == "Active") > 1)];

    /// <summary>
    /// Each node's periods as active, as far as its answers prove them: from the node's own timestamp of the change
    /// (<c>roleSince</c>) to the sending of the last request that it answered as active in that period (it made that answer
    /// after the request was sent; a node frozen after making an answer sends it only when it resumes, so the arrival proves
    /// nothing). All nodes of a test run on one machine, so their clocks and the poller's agree.
    /// </summary>
    public IReadOnlyList<(string Node, long Term, DateTimeOffset From, DateTimeOffset To)> ActivePeriods()
    {
        var periods = new List<(string, long, DateTimeOffset, DateTimeOffset)>();
        foreach (var (name, _) in _nodes)
        {
            (long Term, DateTimeOffset From, DateTimeOffset To)? open = null;
            foreach (var answer in Answers(name))
            {
                if (answer.Role == "Active" && open is { } same && same.From == answer.Since)
                {
                    open = same with { To = answer.SentAt };
                    continue;
                }

                if (open is { } period)
                {
                    periods.Add((name, period.Term, period.From, period.To));
                    open = null;
                }

                if (answer.Role == "Active")
                {
                    open = (answer.Term ?? 0, answer.Since!.Value, answer.SentAt);
                }
            }

            if (open is { } last)
            {
                periods.Add((name, last.Term, last.From, last.To));
            }
        }

        return periods;
    }

    /// <summary>Every moment two different nodes were active at once, as text (empty when there was none).</summary>
    public IReadOnlyList<string> Overlaps()
    {
        var periods = ActivePeriods();
        var found = new List<string>();
        foreach (var a in periods)
        {
            foreach (var b in periods)
            {
                if (string.CompareOrdinal(a.Node, b.Node) < 0 && a.From < b.To && b.From < a.To)
                {
                    found.Add($"{a.Node} active term {a.Term} {a.From:HH:mm:ss.ffffff}..{a.To:HH:mm:ss.ffffff} and "
                        + $"{b.Node} active term {b.Term} {b.From:HH:mm:ss.ffffff}..{b.To:HH:mm:ss.ffffff}");
                }
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var (_, http) in _nodes)
        {
            http.Dispose();
        }
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            var round = await Task.WhenAll(_nodes.Select(n => SampleAsync(n.Name, n.Http, clock)));
            lock (_lock)
            {
                _rounds.Add(round);
            }

            await Task.Delay(interval, _stop.Token);
        }
    }

    private async Task<RoleSample> SampleAsync(string name, HttpClient http, Stopwatch clock)
    {
        var at = clock.Elapsed;
        var sent = DateTimeOffset.UtcNow;
        try
        {
            var text = await http.GetStringAsync(new Uri("api/status", UriKind.Relative), _stop.Token);
            var status = JsonNode.Parse(text)!;
            return new RoleSample(name, at, status["mode"]?.GetValue<string>(), status["role"]?.GetValue<string>(), status["term"]?.GetValue<long>(),
                status["roleReason"]?.GetValue<string>())
            {
                SentAt = sent,
                AnsweredAt = DateTimeOffset.UtcNow,
                Since = status["roleSince"] is { } since ? DateTimeOffset.Parse(since.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : null,
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
            or System.Net.Sockets.SocketException or IOException)
        {
            // No answer. A node killed right after its kernel accepted the connection makes .NET's HttpClient read the socket's
            // remote address after the reset, and that SocketException (ENOTCONN) reaches the caller unwrapped, not as an
            // HttpRequestException: it is a node that did not answer all the same.
            return new RoleSample(name, at, null, null, null, null);
        }
    }
}

/// <summary>One answer of one node's API: mode, role, term and reason (all null while it did not answer).</summary>
public sealed record RoleSample(string Node, TimeSpan At, string? Mode, string? Role, long? Term, string? Reason)
{
    /// <summary>When the request was sent, by the machine's clock: the node made its answer after this moment.</summary>
    public DateTimeOffset SentAt { get; init; }

    /// <summary>When the answer arrived, by the machine's clock (a node frozen after it made its answer sends it only when it resumes).</summary>
    public DateTimeOffset AnsweredAt { get; init; }

    /// <summary>When the node's role last changed, by its own clock.</summary>
    public DateTimeOffset? Since { get; init; }
}
