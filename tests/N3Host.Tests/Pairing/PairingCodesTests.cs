using Microsoft.Extensions.Time.Testing;
using N3Host.Pairing;
using Xunit;

namespace N3Host.Tests.Pairing;

/// <summary>The primary's one-time code on a fake clock: ten minutes, three wrong codes, one use.</summary>
public sealed class PairingCodesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 45, 30, TimeSpan.Zero);

    [Fact]
    public void AnOpenCode_IsValidForTenMinutes_ThenExpired_WithTheTimeInTheMessage()
    {
        var time = new FakeTimeProvider(Start);
        var codes = new PairingCodes(time);

        var opened = codes.Open();
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        var before = codes.Current;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var after = codes.Current;

        Assert.Equal(PairingPhase.Open, opened.Phase);
        Assert.Equal(Start.AddMinutes(10), opened.ExpiresAt);
        Assert.Equal(PairingPhase.Open, before.Phase);
        Assert.Null(PairingCodes.Refusal(before));
        Assert.Equal(PairingPhase.Expired, after.Phase);
        Assert.Equal("the pairing code expired at 12:55 UTC; run n3host pair again on the primary", PairingCodes.Refusal(after));
    }

    [Fact]
    public void ThreeWrongCodes_VoidTheCode_SayingHowManyAttemptsAreLeftBefore()
    {
        var codes = new PairingCodes(new FakeTimeProvider(Start));
        codes.Open();

        var first = codes.Wrong();
        var second = codes.Wrong();
        var third = codes.Wrong();

        Assert.Equal("the pairing code was wrong (2 attempts left)", first.Message);
        Assert.Equal("the pairing code was wrong (1 attempt left)", second.Message);
        Assert.Equal(PairingPhase.Open, second.Phase);
        Assert.Equal(PairingPhase.Voided, third.Phase);
        Assert.Equal("the pairing code was wrong 3 times and is void now; run n3host pair again on the primary", PairingCodes.Refusal(codes.Current));
        Assert.Equal(PairingPhase.Voided, codes.Paired("node-b").Phase);
    }

    [Fact]
    public void AUsedCode_IsRefused_AndANewCodeReplacesTheOldOne_WithFreshAttempts()
    {
        var time = new FakeTimeProvider(Start);
        var codes = new PairingCodes(time);
        var first = codes.Open();
        codes.Wrong();

        var second = codes.Open();
        Assert.NotEqual(first.Code!.Characters, second.Code!.Characters);
        Assert.Equal(PairingCodes.Attempts, second.AttemptsLeft);

        var paired = codes.Paired("node-b (AB:CD)");
        Assert.Equal(PairingPhase.Paired, paired.Phase);
        Assert.StartsWith("the pairing code was used already", PairingCodes.Refusal(codes.Current), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(PairingPhase.Paired, codes.Current.Phase);
    }

    [Fact]
    public void BeforeAnyCode_ABackupIsToldToRunPairOnThePrimary()
    {
        var codes = new PairingCodes(new FakeTimeProvider(Start));

        Assert.Equal("no pairing code is open on this node; run n3host pair on the primary", PairingCodes.Refusal(codes.Current));
    }
}
