using N3Host.Contracts;

namespace ServicesPlugin;

/// <summary>
/// Offers node services while it runs: a history of <c>svc/value</c> (<c>samples</c>, default 10), a redundancy
/// control that accepts or refuses (<c>failover</c> = accept | refuse), and a status section <c>services-test</c>.
/// </summary>
[N3Module("ServicesPlugin", Description = "Test plugin offering history and redundancy control")]
public sealed class ServicesModule : IModule
{
    private IModuleContext? _context;
    private FixedHistory? _history;
    private ScriptedRedundancy? _redundancy;

    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _history = new FixedHistory(int.TryParse(context.Settings["samples"], out var samples) ? samples : 10);
        _redundancy = new ScriptedRedundancy(context.Settings["failover"] == "accept");
        context.Services.Add<IHistoryService>(_history);
        context.Services.Add<IRedundancyControl>(_redundancy);
        var redundancy = _redundancy;
        context.Services.AddStatus("services-test", () => new { requests = redundancy.Requests });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_context is not null)
        {
            _context.Services.Remove<IHistoryService>(_history!);
            _context.Services.Remove<IRedundancyControl>(_redundancy!);
            _context.Services.RemoveStatus("services-test");
        }

        return Task.CompletedTask;
    }
}
