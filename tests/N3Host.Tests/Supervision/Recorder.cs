namespace N3Host.Tests.Supervision;

/// <summary>What the fake modules did, in order ("a:new", "a:start", "a:stop", ...), offered to them through INodeServices.</summary>
public sealed class Recorder
{
    private readonly List<string> _events = [];
    private readonly Dictionary<string, FakeModule> _modules = [];

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public void Add(string e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }

    public void Clear()
    {
        lock (_events)
        {
            _events.Clear();
        }
    }

    /// <summary>The events that end with <paramref name="suffix"/>, e.g. ":start".</summary>
    public IReadOnlyList<string> Only(string suffix) => [.. Events.Where(e => e.EndsWith(suffix, StringComparison.Ordinal))];

    /// <summary>The latest module object of an instance.</summary>
    public FakeModule Module(string instance)
    {
        lock (_modules)
        {
            return _modules[instance];
        }
    }

    public void Created(string instance, FakeModule module)
    {
        lock (_modules)
        {
            _modules[instance] = module;
        }
    }
}
