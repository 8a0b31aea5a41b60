using System.Runtime.CompilerServices;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Tests.Harness;

/// <summary>
/// The check every test assembly runs after each test: a faulted task nobody observed fails the test. Alone in its
/// collection, without parallel tests: another test's check would otherwise take the exception this one leaves behind.
/// </summary>
[Collection(nameof(UnobservedTaskExceptionTests))]
public sealed class UnobservedTaskExceptionTests
{
    [Fact]
    public void AFaultedTaskNobodyAwaited_FailsTheTest_WithItsException()
    {
        var leftBehind = LeaveAFaultedTaskBehind("left behind by the test");

        // The thread-pool thread that ran the task can hold it for a moment after it completed; only an unreachable task is
        // finalized (and only then is its exception unobserved), so wait until it is gone before the check runs.
        for (var i = 0; i < 500 && leftBehind.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Thread.Sleep(10);
        }

        Assert.False(leftBehind.IsAlive, "the faulted task was never collected");
        var check = new FailOnUnobservedTaskExceptionsAttribute();

        var failure = Assert.Throws<UnobservedTaskExceptionsException>(() => check.After(typeof(UnobservedTaskExceptionTests).GetMethod(nameof(AFaultedTaskNobodyAwaited_FailsTheTest_WithItsException))!));

        Assert.Contains("left behind by the test", failure.Message);
    }

    [Fact]
    public async Task AFaultedTaskThatWasAwaited_PassesTheCheck()
    {
        var faulted = Task.Run(() => throw new InvalidOperationException("awaited"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => faulted);
        var check = new FailOnUnobservedTaskExceptionsAttribute();

        check.After(typeof(UnobservedTaskExceptionTests).GetMethod(nameof(AFaultedTaskThatWasAwaited_PassesTheCheck))!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LeaveAFaultedTaskBehind(string message)
    {
        var task = Task.Run(() => throw new InvalidOperationException(message));
        ((IAsyncResult)task).AsyncWaitHandle.WaitOne();
        return new WeakReference(task);
    }
}

[CollectionDefinition(nameof(UnobservedTaskExceptionTests), DisableParallelization = true)]
public sealed class UnobservedTaskExceptionCollection
{
}
