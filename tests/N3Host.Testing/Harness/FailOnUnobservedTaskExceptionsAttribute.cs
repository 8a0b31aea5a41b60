using System.Collections.Concurrent;
using System.Reflection;
using Xunit.Sdk;

namespace N3Host.Testing.Harness;

/// <summary>
/// Fails a test when a task's exception was never observed: after each test the garbage collector runs its finalizers,
/// which raise <see cref="TaskScheduler.UnobservedTaskException"/> for every faulted task nobody awaited. Applied to every
/// test assembly (tests/Directory.Build.props). Tests run in parallel, so the failing test is the one that ran the collection;
/// the exception's stack says which code left the task behind. Only exceptions that went through N3Host code count.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FailOnUnobservedTaskExceptionsAttribute : BeforeAfterTestAttribute
{
    private static readonly ConcurrentQueue<Exception> Unobserved = new();


    static FailOnUnobservedTaskExceptionsAttribute()
    {
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            if (PassedThroughOurCode(e.Exception))
            {
                Unobserved.Enqueue(e.Exception);
            }

            e.SetObserved();
        };
    }

    /// <summary>
    /// Whether any exception in the chain went through N3Host code. One that did not was left behind by a library inside
    /// itself: MQTTnet's broker fails the task of every queued message it drops for a slow client
    /// (MqttPendingMessagesOverflowException, never thrown) and of a send to a client that reset its connection, and nobody
    /// waits on those; the broker module counts and logs the drops itself.
    /// </summary>
    private static bool PassedThroughOurCode(Exception exception) => exception switch
    {
        _ when exception.StackTrace?.Contains(" N3Host.", StringComparison.Ordinal) == true => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(PassedThroughOurCode),
        { InnerException: { } inner } => PassedThroughOurCode(inner),
        _ => false,
    };

    public override void After(MethodInfo methodUnderTest)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var seen = new List<Exception>();
        while (Unobserved.TryDequeue(out var exception))
        {
            seen.Add(exception);
        }

        if (seen.Count > 0)
        {
            throw new UnobservedTaskExceptionsException(seen);
        }
    }
}

/// <summary>What <see cref="FailOnUnobservedTaskExceptionsAttribute"/> fails a test with.</summary>
public sealed class UnobservedTaskExceptionsException(IReadOnlyList<Exception> exceptions)
    : Exception($"{exceptions.Count} task exception(s) nobody observed (a faulted task was neither awaited nor had its exception read):"
        + Environment.NewLine + string.Join(Environment.NewLine, exceptions.Select(e => e.ToString())), exceptions[0])
{
}
