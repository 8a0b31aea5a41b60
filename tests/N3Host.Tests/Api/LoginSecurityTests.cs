using Microsoft.Extensions.Time.Testing;
using N3Host.Api.Security;
using N3Host.Testing;
using Xunit;

namespace N3Host.Tests.Api;

public sealed class LoginSecurityTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WrongPasswords_LockTheName_ForTheLockoutTime_ThenItMayTryAgain()
    {
        var time = new FakeTimeProvider(Start);
        var lockout = new LoginLockout(failures: 3, duration: TimeSpan.FromMinutes(5), time);

        Assert.Null(lockout.Failed("olga"));
        Assert.Null(lockout.Failed("OLGA"));
        Assert.Equal(1, lockout.Remaining("olga"));
        Assert.Equal(Start.AddMinutes(5), lockout.Failed("olga"));
        Assert.Equal(Start.AddMinutes(5), lockout.LockedUntil("olga"));
        Assert.Null(lockout.LockedUntil("sam"));

        // Tries while locked do not extend the lock.
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(Start.AddMinutes(5), lockout.Failed("olga"));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(lockout.LockedUntil("olga"));
        Assert.Null(lockout.Failed("olga"));
        Assert.Equal(2, lockout.Remaining("olga"));
    }

    [Fact]
    public void ARightPassword_ClearsTheCount()
    {
        var lockout = new LoginLockout(failures: 2, duration: TimeSpan.FromMinutes(5), new FakeTimeProvider(Start));
        Assert.Null(lockout.Failed("olga"));
        lockout.Succeeded("olga");
        Assert.Null(lockout.Failed("olga"));
        Assert.NotNull(lockout.Failed("olga"));
    }

    [Fact]
    public void AConsoleLink_WorksOnce_AndNotAfterTwoMinutes()
    {
        var time = new FakeTimeProvider(Start);
        var tokens = new ConsoleTokens(time);
        var first = tokens.Issue();
        var second = tokens.Issue();
        Assert.NotEqual(first, second);
        Assert.True(tokens.Redeem(first));
        Assert.False(tokens.Redeem(first));
        Assert.False(tokens.Redeem("made-up"));

        time.Advance(ConsoleTokens.Lifetime);
        Assert.False(tokens.Redeem(second));
    }

    [Fact]
    public void Users_AreStoredHashed_AndVerified()
    {
        using var folder = new TempDirectory("n3host-users");
        var store = new UserStore(folder.Path);
        store.Set("olga", ApiRoles.Operator, "correct horse");
        store.Set("ivan", ApiRoles.Viewer, "battery staple");

        Assert.DoesNotContain("correct horse", File.ReadAllText(store.Path));
        Assert.Equal("olga", store.Verify("OLGA", "correct horse")?.Name);
        Assert.Null(store.Verify("olga", "battery staple"));
        Assert.Null(store.Verify("nobody", "correct horse"));

        store.Set("olga", ApiRoles.Admin, "new password");
        Assert.Null(store.Verify("olga", "correct horse"));
        Assert.Equal(ApiRoles.Admin, store.Verify("olga", "new password")?.Role);
        Assert.True(store.Remove("ivan"));
        Assert.False(store.Remove("ivan"));
        Assert.Single(store.Load());
    }

    [Fact]
    public void AMalformedUsersFile_IsAnErrorNamingIt()
    {
        using var folder = new TempDirectory("n3host-users");
        var store = new UserStore(folder.Path);
        File.WriteAllText(store.Path, "{ \"users\": [ { \"name\": ");
        var error = Assert.Throws<IOException>(() => store.Load());
        Assert.Contains(store.Path, error.Message);
        Assert.Contains("malformed JSON", error.Message);
    }
}
