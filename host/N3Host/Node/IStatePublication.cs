namespace N3Host.Node;

/// <summary>Where <see cref="NodeServices"/> hands the states modules publish (<see cref="Contracts.INodeServices.PublishState"/>): the node's status publisher.</summary>
internal interface IStatePublication
{
    /// <summary>Records <paramref name="state"/> as the latest of <c>&lt;prefix&gt;/&lt;node&gt;/&lt;topic&gt;</c>, serialized now, and never waits.</summary>
    void Publish(string topic, object state);

    /// <summary>True when everything recorded so far was acknowledged by the broker.</summary>
    Task<bool> WhenPublishedAsync(CancellationToken cancellationToken);
}
