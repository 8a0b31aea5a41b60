using N3Host.Contracts;
using N3Host.Plugins.Redundancy.ConfigSync;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.ConfigSync;

/// <summary>Which way the shared configuration goes, given the two nodes' revisions.</summary>
public sealed class ConfigSyncDecisionTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ConfigurationRevision Revision(long counter, string node, string hash) => new(counter, node, hash, At);

    [Fact]
    public void HigherCounterOnThePrimary_GoesToTheBackup()
    {
        var decision = ConfigSyncDecision.Decide(Revision(5, "a", "x"), Revision(4, "a", "y"), modeChanged: false);

        Assert.Equal(ConfigSyncAction.PrimaryToBackup, decision.Action);
    }

    [Fact]
    public void HigherCounterOnTheBackup_ChangeMadeWhileThePrimaryWasAway_GoesToThePrimary()
    {
        var decision = ConfigSyncDecision.Decide(Revision(4, "a", "x"), Revision(5, "b", "y"), modeChanged: false);

        Assert.Equal(ConfigSyncAction.BackupToPrimary, decision.Action);
        Assert.Contains("backup's is newer", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SameCounterAndContent_IsInSync_WhoeverMadeIt()
    {
        var decision = ConfigSyncDecision.Decide(Revision(5, "a", "x"), Revision(5, "b", "x"), modeChanged: false);

        Assert.Equal(ConfigSyncAction.InSync, decision.Action);
    }

    [Fact]
    public void SameCounter_DifferentContent_IsAConflictThePrimaryWins()
    {
        var decision = ConfigSyncDecision.Decide(Revision(5, "a", "x"), Revision(5, "b", "y"), modeChanged: false);

        Assert.Equal(ConfigSyncAction.PrimaryToBackup, decision.Action);
        Assert.Contains("conflict", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ModeChange_ThePrimaryOverwrites_EvenAnOlderRevision()
    {
        var decision = ConfigSyncDecision.Decide(Revision(2, "a", "x"), Revision(9, "b", "y"), modeChanged: true);

        Assert.Equal(ConfigSyncAction.PrimaryToBackup, decision.Action);
        Assert.Contains("mode change", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ModeChange_WithEqualContent_HasNothingToOverwrite()
    {
        var decision = ConfigSyncDecision.Decide(Revision(2, "a", "x"), Revision(9, "b", "x"), modeChanged: true);

        Assert.Equal(ConfigSyncAction.InSync, decision.Action);
    }
}
