using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using N3Host.Contracts;
using N3Host.Plugins.Historian;
using N3Host.Testing;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace Historian.Tests.Module;

/// <summary>A historian instance hosted in-process: context, module, and helpers to publish and wait.</summary>
internal sealed class ModuleHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ModuleHarness(ModuleTestContext context)
    {
        Context = context;
        Module = ModuleFactory.Create<HistorianModule>(context);
    }

    public ModuleTestContext Context { get; }

    public HistorianModule Module { get; private set; }

    public FakeTimeProvider Time => Context.FakeTime;

    public IHistoryService History => Context.NodeServices.Get<IHistoryService>() ?? throw new InvalidOperationException("no history service offered");

    public static async Task<ModuleHarness> StartAsync(string dataDirectory, IDictionary<string, string?> settings, ITestOutputHelper output, FakeTimeProvider? time = null, HostTagBus? bus = null)
    {
        var context = new ModuleTestContext("Historian", settings, "hist", time ?? new FakeTimeProvider(TestData.Start.AddDays(1)), output, node: "node1", dataDirectory: dataDirectory, bus: bus ?? new HostTagBus());
        var harness = new ModuleHarness(context);
        await harness.Module.StartAsync(context, default);
        return harness;
    }

    public HistorianStatus Status => (HistorianStatus)Context.NodeServices.Status($"historian:{Context.InstanceName}")!;

    public async Task PublishAsync(IEnumerable<TagValue> values)
    {
        foreach (var v in values)
            await Context.Bus.PublishAsync(v, default);
    }

    /// <summary>Waits until the store holds <paramref name="count"/> values, moving fake time on so partial batches flush.</summary>
    public Task WaitForStoredAsync(long count, string because) =>
        Eventually.TrueAsync(
            () =>
            {
                Time.Advance(TimeSpan.FromSeconds(1));
                return Status.Stored >= count;
            },
            Patience,
            because);

    public async Task<List<TagValue>> ReadAllAsync(string tag)
    {
        var all = new List<TagValue>();
        string? cursor = null;
        do
        {
            var page = await History.QueryRawAsync(tag, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue.AddYears(-1), 10_000, cursor, default);
            all.AddRange(page.Samples.Select(s => s.Value));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var fault in Context.Faults)
            Context.Logger.LogError(fault, "fault reported: {Fault}", fault);
        Context.Logger.LogInformation("status at the end: {Status}", Status);
        await Module.StopAsync(default);
        await Module.DisposeAsync();
    }
}
