using N3Host.Plugins.Redundancy.Roles;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Roles;

/// <summary>The decisions' state, transition by transition: each is listed here with what it sets and what it leaves.</summary>
public sealed class DecisionStateTests
{
    /// <summary>Every flag set, generation 5: a transition that leaves a flag alone shows it here.</summary>
    private static readonly DecisionState All = new()
    {
        StartWindowOpen = true,
        EverPaired = true,
        HoldStandby = true,
        FailbackRequested = true,
        TakeOverRequested = true,
        BackupWasActive = true,
        HandOverRunning = true,
        HandOverGeneration = 5,
        Stopped = false,
    };

    public static TheoryData<string> Transitions() =>
    [
        nameof(DecisionState.Started),
        nameof(DecisionState.StartWindowClosed),
        nameof(DecisionState.Paired),
        nameof(DecisionState.PeerForgotten),
        nameof(DecisionState.BackupSeenActive),
        nameof(DecisionState.TakeOverAsked),
        nameof(DecisionState.HandOverStarted),
        nameof(DecisionState.HandOverEnded),
        nameof(DecisionState.Activated),
        nameof(DecisionState.FailedOver),
        nameof(DecisionState.FailbackAsked),
        nameof(DecisionState.Stopping),
    ];

    [Theory]
    [MemberData(nameof(Transitions))]
    public void EachTransition_FromEveryFlagSet_ChangesExactlyWhatItSays(string transition)
    {
        var expected = transition switch
        {
            nameof(DecisionState.Started) => All,
            nameof(DecisionState.StartWindowClosed) => All with { StartWindowOpen = false },
            nameof(DecisionState.Paired) => All,
            nameof(DecisionState.PeerForgotten) => All with { HandOverGeneration = 6, HandOverRunning = false, TakeOverRequested = false, FailbackRequested = false, HoldStandby = false },
            nameof(DecisionState.BackupSeenActive) => All,
            nameof(DecisionState.TakeOverAsked) => All,
            nameof(DecisionState.HandOverStarted) => All with { HandOverGeneration = 6 },
            nameof(DecisionState.HandOverEnded) => All with { HandOverRunning = false },
            nameof(DecisionState.Activated) => All with { StartWindowOpen = false, TakeOverRequested = false, FailbackRequested = false, HoldStandby = false, BackupWasActive = false },
            nameof(DecisionState.FailedOver) => All,
            nameof(DecisionState.FailbackAsked) => All with { HoldStandby = false },
            nameof(DecisionState.Stopping) => All with { Stopped = true },
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };

        Assert.Equal(expected, Apply(All, transition));
    }

    [Theory]
    [MemberData(nameof(Transitions))]
    public void EachTransition_FromTheInitialState_ChangesExactlyWhatItSays(string transition)
    {
        var initial = default(DecisionState);
        var expected = transition switch
        {
            nameof(DecisionState.Started) => initial with { StartWindowOpen = true },
            nameof(DecisionState.StartWindowClosed) => initial,
            nameof(DecisionState.Paired) => initial with { EverPaired = true },
            nameof(DecisionState.PeerForgotten) => initial with { HandOverGeneration = 1 },
            nameof(DecisionState.BackupSeenActive) => initial with { BackupWasActive = true },
            nameof(DecisionState.TakeOverAsked) => initial with { TakeOverRequested = true },
            nameof(DecisionState.HandOverStarted) => initial with { HandOverRunning = true, HandOverGeneration = 1 },
            nameof(DecisionState.HandOverEnded) => initial,
            nameof(DecisionState.Activated) => initial,
            nameof(DecisionState.FailedOver) => initial with { HoldStandby = true },
            nameof(DecisionState.FailbackAsked) => initial with { FailbackRequested = true },
            nameof(DecisionState.Stopping) => initial with { Stopped = true },
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };

        Assert.Equal(expected, Apply(initial, transition));
    }

    [Fact]
    public void AHandOver_StartedBeforeThePeerWasLost_IsStale()
    {
        var started = default(DecisionState).Started().Paired().HandOverStarted();
        var generation = started.HandOverGeneration;

        var lost = started.PeerForgotten();

        Assert.NotEqual(generation, lost.HandOverGeneration);
        Assert.False(lost.HandOverRunning);
        Assert.True(lost.EverPaired);
    }

    [Fact]
    public void AForcedFailover_ThenFailback_ThenActivation_LeavesNoRequestBehind()
    {
        var state = default(DecisionState).Started().Paired().Activated().FailedOver();
        Assert.True(state.HoldStandby);

        state = state.FailbackAsked().BackupSeenActive().TakeOverAsked().HandOverStarted().HandOverEnded().Activated();

        Assert.Equal(default(DecisionState) with { EverPaired = true, HandOverGeneration = 1 }, state);
    }

    private static DecisionState Apply(DecisionState state, string transition) => transition switch
    {
        nameof(DecisionState.Started) => state.Started(),
        nameof(DecisionState.StartWindowClosed) => state.StartWindowClosed(),
        nameof(DecisionState.Paired) => state.Paired(),
        nameof(DecisionState.PeerForgotten) => state.PeerForgotten(),
        nameof(DecisionState.BackupSeenActive) => state.BackupSeenActive(),
        nameof(DecisionState.TakeOverAsked) => state.TakeOverAsked(),
        nameof(DecisionState.HandOverStarted) => state.HandOverStarted(),
        nameof(DecisionState.HandOverEnded) => state.HandOverEnded(),
        nameof(DecisionState.Activated) => state.Activated(),
        nameof(DecisionState.FailedOver) => state.FailedOver(),
        nameof(DecisionState.FailbackAsked) => state.FailbackAsked(),
        nameof(DecisionState.Stopping) => state.Stopping(),
        _ => throw new ArgumentOutOfRangeException(nameof(transition)),
    };
}
