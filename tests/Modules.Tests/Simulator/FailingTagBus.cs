using N3Host.Contracts;

namespace N3Host.Modules.Tests.Simulator;

/// <summary>A tag bus whose publishing fails, to see where a module's loop error goes.</summary>
internal sealed class FailingTagBus : ITagBus
{
    public ValueTask PublishAsync(TagValue value, CancellationToken cancellationToken) =>
        ValueTask.FromException(new InvalidOperationException("the tag bus is gone"));

    public ValueTask PublishAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) =>
        ValueTask.FromException(new InvalidOperationException("the tag bus is gone"));

    public ValueTask<TagDelivery> PublishDurableAsync(IReadOnlyList<TagValue> values, CancellationToken cancellationToken) =>
        ValueTask.FromException<TagDelivery>(new InvalidOperationException("the tag bus is gone"));

    public ITagSubscription Subscribe(TagSubscriptionOptions options) => throw new NotSupportedException();

    public bool TryGetLatest(string path, out TagValue value)
    {
        value = default;
        return false;
    }

    public IReadOnlyList<TagValue> GetLatest() => [];
}
