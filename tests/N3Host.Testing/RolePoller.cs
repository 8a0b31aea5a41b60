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
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly (string Name, int ApiPort)[] _nodes;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<RoleSample[]> _rounds = [];
    private readonly Lock _lock = new();
    private readonly Task _loop;

    public RolePoller(TimeSpan interval, params (string Name, int ApiPort)[] nodes)
    {
        _nodes = nodes;
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

        _http.Dispose();
    }

    private async Task LoopAsync(TimeSpan interval)
    {
        var clock = Stopwatch.StartNew();
        while (!_stop.IsCancellationRequested)
        {
            var round = await Task.WhenAll(_nodes.Select(n => SampleAsync(n.Name, n.ApiPort, clock)));
            lock (_lock)
            {
                _rounds.Add(round);
            }

            await Task.Delay(interval, _stop.Token);
        }
    }

    private async Task<RoleSample> SampleAsync(string name, int port, Stopwatch clock)
    {
        var at = clock.Elapsed;
        try
        {
            var text = await _http.GetStringAsync($"http://127.0.0.1:{port}/api/status", _stop.Token);
            var status = JsonNode.Parse(text)!;
            return new RoleSample(name, at, status["mode"]?.GetValue<string>(), status["role"]?.GetValue<string>(), status["term"]?.GetValue<long>(),
                status["roleReason"]?.GetValue<string>());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            return new RoleSample(name, at, null, null, null, null);
        }
    }
}

/// <summary>One answer of one node's API: mode, role, term and reason (all null while it did not answer).</summary>
public sealed record RoleSample(string Node, TimeSpan At, string? Mode, string? Role, long? Term, string? Reason);
