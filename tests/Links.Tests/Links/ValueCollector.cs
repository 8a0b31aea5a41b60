using N3Host.Contracts;

namespace Links.Tests.Links;

/// <summary>
/// Collects what arrives on a node's tag bus under a pattern (the test's own subscriber). It is a durable subscriber
/// that confirms each value once it holds it, as the central node's historian does, so a link server acknowledges.
/// </summary>
public sealed class ValueCollector : IDisposable
{
    private readonly ITagSubscription _subscription;
    private readonly List<TagValue> _values = [];
    private readonly Task _draining;

    public ValueCollector(ITagBus bus, params string[] patterns)
    {
        _subscription = bus.Subscribe(new TagSubscriptionOptions { Name = "test-collector", Patterns = patterns, Capacity = 1 << 20, Durable = true });
        _draining = Task.Run(async () =>
        {
            await foreach (var value in _subscription.Reader.ReadAllAsync())
            {
                lock (_values)
                {
                    _values.Add(value);
                }

                _subscription.Confirm(1);
            }
        });
    }

    public int Count
    {
        get
        {
            lock (_values)
            {
                return _values.Count;
            }
        }
    }

    public IReadOnlyList<TagValue> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _draining.Wait(TimeSpan.FromSeconds(5));
    }
}
