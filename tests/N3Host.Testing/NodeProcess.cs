using System.Diagnostics;

namespace N3Host.Testing;

/// <summary>A real <c>n3host run</c> process, with its output captured line by line.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource _lineArrived = NewSignal();

    private NodeProcess(Process process) => _process = process;

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Every line written to stdout or stderr so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
                return [.. _lines];
        }
    }

    /// <summary>All output so far as one text, for assertion messages.</summary>
    public string Output => string.Join('\n', Lines);

    /// <summary>Starts <c>n3host run --config CONFIG</c> from the host's build output (or <paramref name="executable"/>).</summary>
    public static NodeProcess Start(string configPath, params string[] extraArgs) =>
        StartExecutable(HostBuild.Executable, ["run", "--config", configPath, .. extraArgs]);

    /// <summary>
    /// Starts any n3host executable (for example a published install) with the given arguments, and <paramref name="environment"/>
    /// added to the test's own (for example <c>NOTIFY_SOCKET</c>, as a service manager sets it).
    /// </summary>
    public static NodeProcess StartExecutable(string executable, IEnumerable<string> args, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(executable)!,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        if (!process.Start())
            throw new InvalidOperationException($"could not start {executable}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(string? line)
    {
        if (line is null)
            return;
        TaskCompletionSource signal;
        lock (_gate)
        {
            _lines.Add(line);
            signal = _lineArrived;
            _lineArrived = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Waits for an output line that satisfies <paramref name="predicate"/> (lines already written count) and returns it.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            Task next;
            lock (_gate)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (predicate(_lines[seen]))
                        return _lines[seen];
                }

                next = _lineArrived.Task;
            }

            if (_process.HasExited)
            {
                await Task.Delay(100).ConfigureAwait(false); // let the last lines arrive
                lock (_gate)
                {
                    for (; seen < _lines.Count; seen++)
                    {
                        if (predicate(_lines[seen]))
                            return _lines[seen];
                    }
                }

                throw new InvalidOperationException($"n3host (pid {Pid}) exited with {_process.ExitCode} before the expected line. Output:\n{Output}");
            }

            try
            {
                await next.WaitAsync(TimeSpan.FromMilliseconds(250), cts.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no expected line from n3host (pid {Pid}) within {timeout.TotalSeconds:0.#} s. Output:\n{Output}");
            }
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            Signals.Send(Pid, Signals.Kill);
    }

    /// <summary>SIGSTOP: the process freezes with its sockets open, as a hung node.</summary>
    public void Freeze() => Signals.Send(Pid, Signals.Stop);

    /// <summary>SIGCONT: a frozen process goes on.</summary>
    public void Resume() => Signals.Send(Pid, Signals.Continue);

    /// <summary>SIGTERM: an orderly shutdown.</summary>
    public void Terminate()
    {
        if (!_process.HasExited)
            Signals.Send(Pid, Signals.Terminate);
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"n3host (pid {Pid}) did not exit within {timeout.TotalSeconds:0.#} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Resume();
                Kill();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }
}
