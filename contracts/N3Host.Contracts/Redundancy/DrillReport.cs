namespace N3Host.Contracts;

/// <summary>What a failover drill measured.</summary>
/// <param name="Completed">True if the role went to the standby and came back.</param>
/// <param name="Message">What happened, or why it stopped.</param>
/// <param name="StartedAt">When the hand-over was asked for (this node's clock).</param>
/// <param name="EndedAt">When this node was active again (or the drill stopped).</param>
/// <param name="Milliseconds">Each measured step by name (<c>standbyActivation</c>, <c>mqttPublished</c>, <c>handBack</c>), in milliseconds.</param>
public sealed record DrillReport(bool Completed, string Message, DateTimeOffset StartedAt, DateTimeOffset EndedAt, IReadOnlyDictionary<string, double> Milliseconds);
