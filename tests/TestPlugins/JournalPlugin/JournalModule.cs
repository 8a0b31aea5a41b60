using System.Text;
using N3Host.Contracts;

namespace JournalPlugin;

/// <summary>
/// Journals one record per tick (<c>periodMs</c>) while the node is active, in a SQLite journal registered with the
/// node (so the pair replicates it), and shows what the journal holds in the status section <c>journal-&lt;instance&gt;</c>
/// (records per origin, content digest, duplicates), on the standby too, with what it held at the moment the node last
/// became active (<c>atActivation</c>). It stops producing the moment the node leaves the active role: the role
/// gate's change waits for a tick that is being written.
/// </summary>
[N3Module("JournalPlugin", Description = "Test plugin that journals a record per tick while active")]
public sealed class JournalModule : IModule, IDisposable
{
    private readonly IModuleContext _context;
    private readonly TickSettings _settings;
    private readonly TickJournal _journal;
    private readonly Lock _gate = new();
    private readonly string _statusKey;
    private bool _active;
    private ActivationSnapshot? _atActivation;
    private long _ticks;
    private CancellationTokenSource? _stopping;
    private Task? _loop;

    public JournalModule(IModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _settings = TickSettings.Read(context.Settings, context.InstanceName);
        _journal = new TickJournal(_settings.Journal, Path.Combine(context.DataDirectory, "journal.db"), context.Node.Name, context.Time,
            () => context.RoleGate.Current.Term);
        context.Journals.Register(_journal);
        _statusKey = "journal-" + context.InstanceName;
        context.Services.AddStatus(_statusKey, () => new JournalStatus(_journal.Summarize(), Volatile.Read(ref _atActivation), (long)_settings.Period.TotalMilliseconds));
        lock (_gate)
        {
            context.RoleGate.Changed += OnRoleChanged;
            var role = context.RoleGate.Current;
            if (role.IsActive && !_active)
            {
                // Constructed on a node that is already active: until now no module had registered this journal, so
                // nothing was applied to it since the activation; what the file holds is what it held then.
                _atActivation = new ActivationSnapshot(role.Since, role.Term, _journal.Summarize());
            }

            _active = role.IsActive;
        }
    }

    public Task StartAsync(IModuleContext context, CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _loop = TickAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop!.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
        _stopping = null;
    }

    public void Dispose()
    {
        _context.RoleGate.Changed -= OnRoleChanged;
        _context.Services.RemoveStatus(_statusKey);
        _journal.Dispose();
        _stopping?.Dispose();
    }

    private void OnRoleChanged(object? sender, RoleState state)
    {
        // Taken under the same lock as a write: once the node has left the active role, nothing more is written.
        lock (_gate)
        {
            if (state.IsActive && !_active)
            {
                // What the journal holds at the very moment the node becomes active (before anything else is applied).
                Volatile.Write(ref _atActivation, new ActivationSnapshot(state.Since, state.Term, _journal.Summarize()));
            }

            _active = state.IsActive;
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_settings.Period, _context.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                if (!_active || (_settings.MaxRecords > 0 && _journal.LocalLastSequence() >= _settings.MaxRecords))
                {
                    continue;
                }

                var payloads = new List<ReadOnlyMemory<byte>>(_settings.RecordsPerTick);
                var padding = new string('x', _settings.PayloadBytes);
                for (var i = 0; i < _settings.RecordsPerTick; i++)
                {
                    _ticks++;
                    payloads.Add(Encoding.UTF8.GetBytes($"{_context.Node.Name}/{_context.RoleGate.Current.Term}/{_ticks}/{Guid.NewGuid():N}/{padding}"));
                }

                _journal.Append(payloads);
            }
        }
    }
}
