namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>
/// What the role decisions wait for and what they asked, as one value (the coordinator holds one, under its lock). It
/// changes only through the transitions below, each a pure function, so they can be listed and tested one by one; the
/// role, term and reason the node shows live beside it in the coordinator.
/// </summary>
internal readonly record struct DecisionState
{
    /// <summary>The start window runs: the primary's initial standby time, the backup's first connection timeout.</summary>
    public bool StartWindowOpen { get; init; }

    /// <summary>A peer was paired at least once since the start (a peer lost, not a peer that never came).</summary>
    public bool EverPaired { get; init; }

    /// <summary>The primary stays standby after a forced failover until 'n3host failback'.</summary>
    public bool HoldStandby { get; init; }

    /// <summary>'n3host failback' was asked (failback is manual).</summary>
    public bool FailbackRequested { get; init; }

    /// <summary>The primary asked the active backup to hand over and waits for its confirmation.</summary>
    public bool TakeOverRequested { get; init; }

    /// <summary>The backup was seen active since the primary was last active: the next activation is a failback.</summary>
    public bool BackupWasActive { get; init; }

    /// <summary>The primary's hand-over sync runs.</summary>
    public bool HandOverRunning { get; init; }

    /// <summary>Counts hand-overs and lost peers: a hand-over that ends in an older generation is stale and changes nothing.</summary>
    public int HandOverGeneration { get; init; }

    /// <summary>The module stopped: nothing changes the role any more.</summary>
    public bool Stopped { get; init; }

    /// <summary>The coordinator started: the start window opens.</summary>
    public DecisionState Started() => this with { StartWindowOpen = true };

    /// <summary>The start window ended (its time ran out, or the backup paired within it).</summary>
    public DecisionState StartWindowClosed() => this with { StartWindowOpen = false };

    /// <summary>A link completed its hello.</summary>
    public DecisionState Paired() => this with { EverPaired = true };

    /// <summary>The paired link closed or was replaced: what was asked of that peer is void, a running hand-over is stale.</summary>
    public DecisionState PeerForgotten() => this with
    {
        HandOverGeneration = HandOverGeneration + 1,
        HandOverRunning = false,
        TakeOverRequested = false,
        FailbackRequested = false,
        HoldStandby = false,
    };

    /// <summary>The primary saw the backup active.</summary>
    public DecisionState BackupSeenActive() => this with { BackupWasActive = true };

    /// <summary>The primary sent the backup its take-over request.</summary>
    public DecisionState TakeOverAsked() => this with { TakeOverRequested = true };

    /// <summary>The primary's hand-over sync started, in a new generation.</summary>
    public DecisionState HandOverStarted() => this with { HandOverRunning = true, HandOverGeneration = HandOverGeneration + 1 };

    /// <summary>The hand-over sync ended (done, failed, or nothing to sync).</summary>
    public DecisionState HandOverEnded() => this with { HandOverRunning = false };

    /// <summary>This node went active: the start window, the requests and the failback memory are done with.</summary>
    public DecisionState Activated() => this with
    {
        StartWindowOpen = false,
        TakeOverRequested = false,
        FailbackRequested = false,
        HoldStandby = false,
        BackupWasActive = false,
    };

    /// <summary>The primary handed the active role over by a forced failover: it holds standby.</summary>
    public DecisionState FailedOver() => this with { HoldStandby = true };

    /// <summary>'n3host failback' on the primary: the hold ends and the take-over is asked for.</summary>
    public DecisionState FailbackAsked() => this with { HoldStandby = false, FailbackRequested = true };

    /// <summary>The module stops.</summary>
    public DecisionState Stopping() => this with { Stopped = true };
}
