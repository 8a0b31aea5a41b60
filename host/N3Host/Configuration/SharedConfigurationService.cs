using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using N3Host.Api;
using N3Host.Contracts;
using N3Host.Plugins;
using N3Host.Supervision;

namespace N3Host.Configuration;

/// <summary>
/// The node's configuration while it runs: the revision of the shared part of modules.json (kept in the data folder), a reload
/// of the file (<c>n3host reload</c>), and the peer's shared part put into the file (offered to the redundancy core as
/// <see cref="ISharedConfiguration"/>). One change at a time; a configuration that does not load changes nothing.
/// </summary>
internal sealed class SharedConfigurationService : ISharedConfiguration, IDisposable
{
    public const string ReloadSource = "reload";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly NodeContext _node;
    private readonly ModuleSupervisor _supervisor;
    private readonly RevisionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<NodeConfiguration, IReadOnlyList<ModuleDefinition>, IReadOnlyList<ModuleDefinition>> _resolve;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lock = new();
    private SharedConfiguration _current;
    private string _fileHash;
    private AppliedConfiguration? _lastApplied;
    private ConfigurationError? _lastError;

    /// <summary>Reads the shared part of the running configuration and its stored revision; an edit made while the node was stopped makes a new revision.</summary>
    /// <param name="node">The running node.</param>
    /// <param name="supervisor">Its supervisor.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="resolve">Finds the module type of each instance (default: <see cref="ModuleResolver"/> with the node's plugins).</param>
    public SharedConfigurationService(
        NodeContext node,
        ModuleSupervisor supervisor,
        TimeProvider time,
        ILogger logger,
        Func<NodeConfiguration, IReadOnlyList<ModuleDefinition>, IReadOnlyList<ModuleDefinition>>? resolve = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
        _resolve = resolve ?? ((config, before) => ModuleResolver.Resolve(config, node.Catalog, before));
        _supervisor = supervisor;
        _time = time;
        _logger = logger;
        _store = new RevisionStore(node.Config.Node.DataDirectory);
        var shared = SharedModules.Extract(SharedModules.ParseRoot(File.ReadAllText(node.Config.ConfigPath)));
        _fileHash = SharedModules.Hash(shared);
        var stored = _store.Load();
        var self = node.Config.Node.Name;
        ConfigurationRevision revision;
        if (stored is null)
        {
            revision = new ConfigurationRevision(1, self, _fileHash, time.GetUtcNow());
            Log.Revision(logger, revision.Counter, self, $"first revision of this node's shared configuration ({_store.FilePath})");
        }
        else if (stored.FileHash != _fileHash)
        {
            revision = new ConfigurationRevision(stored.Revision.Counter + 1, self, _fileHash, time.GetUtcNow());
            Log.Revision(logger, revision.Counter, self, "modules.json was edited while the node was stopped");
        }
        else
        {
            revision = stored.Revision;
            Log.Revision(logger, revision.Counter, revision.Node, "unchanged since the node last ran");
        }

        _current = new SharedConfiguration(revision, shared.ToJsonString());
        Save(revision);
    }

    public event EventHandler<SharedConfiguration>? Changed;

    public SharedConfiguration Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public ConfigurationStatus Status()
    {
        lock (_lock)
        {
            return new ConfigurationStatus(_current.Revision, _lastApplied, _lastError);
        }
    }

    /// <summary>
    /// Re-reads modules.json, validates it, makes a new revision if the shared part changed, and applies it: changed instances are
    /// restarted, new ones started, removed ones stopped (the redundancy instance keeps running as it is). A bad file changes nothing;
    /// the answer says why (with the line and position).
    /// </summary>
    public Task<ConfigurationApplyResult> ReloadAsync(CancellationToken cancellationToken) => ReloadAsync(restartRedundancy: false, cancellationToken);

    /// <summary>
    /// <see cref="ReloadAsync(CancellationToken)"/>; with <paramref name="restartRedundancy"/> (after a pairing by code) the redundancy
    /// instance is applied too: restarted with its new settings, or started when it is new, so the pair comes up without a restart of
    /// the node. The node's role is decided again by the restarted instance (a primary waits for its backup at most
    /// <c>initialStandbyTime</c>).
    /// </summary>
    public async Task<ConfigurationApplyResult> ReloadAsync(bool restartRedundancy, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = _node.Config.ConfigPath;
            NodeConfiguration config;
            JsonArray shared;
            IReadOnlyList<ModuleDefinition> definitions;
            try
            {
                config = ConfigurationLoader.Load(path);
                shared = SharedModules.Extract(SharedModules.ParseRoot(File.ReadAllText(path)));
                definitions = _resolve(config, _node.Definitions);
            }
            catch (ConfigurationException e)
            {
                return Refuse(ReloadSource, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                return Refuse(ReloadSource, $"{path}: {e.Message}");
            }

            var hash = SharedModules.Hash(shared);
            var current = Current.Revision;
            var revision = hash == _fileHash ? current : new ConfigurationRevision(current.Counter + 1, config.Node.Name, hash, _time.GetUtcNow());
            return await ApplyAsync(config, definitions, revision, hash, shared, ReloadSource, [], restartRedundancy, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<ConfigurationApplyResult> ApplyAsync(SharedConfiguration incoming, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = _node.Config.ConfigPath;
            NodeConfiguration config;
            JsonObject merged;
            IReadOnlyList<ModuleDefinition> definitions;
            var notes = new List<string>();
            try
            {
                var local = SharedModules.ParseRoot(File.ReadAllText(path));
                merged = ConfigurationMerge.Merge(local, SharedModules.ParseShared(incoming.ModulesJson), source, notes);
                var text = Header(source, incoming.Revision) + merged.ToJsonString(Indented) + Environment.NewLine;
                config = ConfigurationLoader.Parse(text, path);
                definitions = _resolve(config, _node.Definitions);
                AtomicFile.Write(path, text, keepPrevious: true);
            }
            catch (ConfigurationException e)
            {
                return Refuse(source, e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                return Refuse(source, $"{path}: {e.Message}");
            }

            Log.FileWritten(_logger, path, source);
            var shared = SharedModules.Extract(merged);
            return await ApplyAsync(config, definitions, incoming.Revision, SharedModules.Hash(shared), shared, source, notes, restartRedundancy: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static string Header(string source, ConfigurationRevision revision) => string.Create(CultureInfo.InvariantCulture,
        $"// Written by n3host: the shared part comes from {source} (revision {revision.Counter}, made by {revision.Node}); the node section, the\n// supervisor section, the redundancy instance and the settings in 'localSettings' are this node's own. Comments are not kept\n// (the previous file is modules.json.bak). See README, \"Configuration sync\".\n");

    private async Task<ConfigurationApplyResult> ApplyAsync(
        NodeConfiguration config,
        IReadOnlyList<ModuleDefinition> definitions,
        ConfigurationRevision revision,
        string fileHash,
        JsonArray shared,
        string source,
        List<string> notes,
        bool restartRedundancy,
        CancellationToken cancellationToken)
    {
        var before = _node.Config;
        var notApplied = new List<string>();
        if (before.Node != config.Node)
        {
            notApplied.Add("the node section (takes effect at the next start of the node)");
        }

        if (before.Supervisor != config.Supervisor)
        {
            notApplied.Add("the supervisor section (takes effect at the next start of the node)");
        }

        if (before.Mqtt != config.Mqtt)
        {
            notApplied.Add("the mqtt section (takes effect at the next start of the node)");
        }

        var final = restartRedundancy ? definitions : KeepNodeLocalInstances(_node.Definitions, definitions, notApplied);
        var previous = Current.Revision;
        lock (_lock)
        {
            _current = new SharedConfiguration(revision, shared.ToJsonString());
            _fileHash = fileHash;
        }

        Save(revision);
        var change = new Reconfiguration(final);
        await _supervisor.ReconfigureAsync(change, cancellationToken).ConfigureAwait(false);
        _node.Replace(config, final);
        var applied = new AppliedConfiguration(_time.GetUtcNow(), source, revision, [.. change.Added], [.. change.Restarted], [.. change.Removed], notApplied, notes);
        lock (_lock)
        {
            _lastApplied = applied;
            _lastError = null;
        }

        foreach (var note in notes)
        {
            Log.Note(_logger, source, note);
        }

        Log.Applied(_logger, source, revision.Counter, revision.Node, string.Join(", ", change.Added), string.Join(", ", change.Restarted),
            string.Join(", ", change.Removed), notApplied.Count == 0 ? string.Empty : "; not applied until the next start: " + string.Join("; ", notApplied));
        if (previous != revision)
        {
            Changed?.Invoke(this, Current);
        }

        var message = previous == revision
            ? $"shared configuration unchanged (revision {revision.Counter})"
            : $"revision {revision.Counter} (made by {revision.Node}) applied";
        return new ConfigurationApplyResult(true, message, revision, applied.Added, applied.Restarted, applied.Removed, notApplied);
    }

    /// <summary>
    /// The redundancy instance keeps running as it is: its settings (and adding or removing it) take effect at the next start,
    /// since restarting it would drop the node's role and the peer link.
    /// </summary>
    private static List<ModuleDefinition> KeepNodeLocalInstances(IReadOnlyList<ModuleDefinition> before, IReadOnlyList<ModuleDefinition> after, List<string> notApplied)
    {
        static bool IsLocal(ModuleDefinition d) => string.Equals(d.Config.Module, SharedModules.NodeLocalModule, StringComparison.OrdinalIgnoreCase);
        var old = before.ToDictionary(d => d.Config.Instance, StringComparer.Ordinal);
        var names = after.Select(d => d.Config.Instance).ToHashSet(StringComparer.Ordinal);
        var result = new List<ModuleDefinition>();
        foreach (var definition in after)
        {
            old.TryGetValue(definition.Config.Instance, out var was);
            if (was is not null && (IsLocal(was) || IsLocal(definition)))
            {
                if (Reconfiguration.Differs(was, definition))
                {
                    notApplied.Add($"instance {definition.Config.Instance} (the redundancy instance restarts only with the node)");
                }

                result.Add(was);
            }
            else if (was is null && IsLocal(definition))
            {
                notApplied.Add($"new instance {definition.Config.Instance} (a redundancy instance starts only with the node)");
            }
            else
            {
                result.Add(definition);
            }
        }

        for (var i = 0; i < before.Count; i++)
        {
            var definition = before[i];
            if (IsLocal(definition) && !names.Contains(definition.Config.Instance))
            {
                notApplied.Add($"removal of instance {definition.Config.Instance} (the redundancy instance stops only with the node)");
                result.Insert(Math.Min(i, result.Count), definition);
            }
        }

        return result;
    }

    private ConfigurationApplyResult Refuse(string source, string reason)
    {
        Log.Refused(_logger, source, reason);
        lock (_lock)
        {
            _lastError = new ConfigurationError(_time.GetUtcNow(), source, reason);
            return new ConfigurationApplyResult(false, reason, _current.Revision, [], [], [], []);
        }
    }

    private void Save(ConfigurationRevision revision)
    {
        try
        {
            _store.Save(new StoredRevision(revision, _fileHash));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.RevisionNotSaved(_logger, _store.FilePath, e.Message);
        }
    }
}
