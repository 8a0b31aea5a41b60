namespace N3Host.Testing;

/// <summary>
/// A load generator for process tests: threads that keep the machine's cores busy (as a plant's edge box is) until disposed,
/// so that a failover test proves the behaviour under load, not only on an idle machine.
/// </summary>
public sealed class CpuLoad : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    private CpuLoad(int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            var thread = new Thread(Spin) { IsBackground = true, Name = $"cpu-load-{i}" };
            thread.Start();
            _threads.Add(thread);
        }
    }

    /// <summary>One busy thread per core.</summary>
    public static CpuLoad OnEveryCore() => new(Environment.ProcessorCount);

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads)
            thread.Join();
        _stop.Dispose();
    }

    private void Spin()
    {
        var token = _stop.Token;
        var x = 1.0;
        while (!token.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
                x = (x * 1.000001) + 1e-9;
        }

        GC.KeepAlive(x);
    }
}
