namespace N3Host.Status;

/// <summary>The node's topics under the configured prefix.</summary>
internal sealed class StatusTopics(string prefix, string node)
{
    public string Status { get; } = $"{prefix}/{node}/status";

    public string Redundancy { get; } = $"{prefix}/{node}/redundancy";

    public string Module(string instance) => $"{prefix}/{node}/modules/{instance}";

    /// <summary>A status section (<c>historian:&lt;instance&gt;</c>, <c>simulator:&lt;instance&gt;</c>, ...), as <c>n3host status</c> shows it.</summary>
    public string Section(string key) => $"{prefix}/{node}/sections/{key}";

    /// <summary>A state a module publishes itself through <see cref="Contracts.INodeServices.PublishState"/> (<c>redundancy</c>).</summary>
    public string State(string topic) => $"{prefix}/{node}/{topic}";
}
