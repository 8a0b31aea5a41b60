using System.Diagnostics;
using System.Globalization;

namespace N3Host.Benchmarks.Links;

/// <summary>socat or HAProxy forwarding a local port to the benchmark target, as real processes.</summary>
internal sealed class ExternalForwarder : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _config;

    private ExternalForwarder(Process process, int port, string? config)
    {
        _process = process;
        Port = port;
        _config = config;
    }

    public int Port { get; }

    /// <summary>CPU time of the forwarder and of its children that ended (socat forks one per connection), from /proc.</summary>
    public TimeSpan Cpu
    {
        get
        {
            return TimeSpan.FromSeconds(ProcessStats.CpuSeconds(_process.Id, children: true));
        }
    }

    public static async Task<ExternalForwarder?> SocatAsync(int target)
    {
        var port = BenchPorts.Free();
        return await StartAsync("socat", $"-b 131072 TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,nodelay TCP:127.0.0.1:{target},nodelay", port, null);
    }

    public static async Task<ExternalForwarder?> HaproxyAsync(int target)
    {
        var port = BenchPorts.Free();
        var config = Path.Combine(Path.GetTempPath(), $"n3host-bench-haproxy-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(config, $"""
            global
              maxconn 1000
            defaults
              mode tcp
              timeout connect 5s
              timeout client 120s
              timeout server 120s
            frontend bench
              bind 127.0.0.1:{port}
              default_backend target
            backend target
              server t 127.0.0.1:{target}

            """);
        return await StartAsync("haproxy", $"-db -f {config}", port, config);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (_config is not null)
        {
            File.Delete(_config);
        }
    }

    private static async Task<ExternalForwarder?> StartAsync(string program, string arguments, int port, string? config)
    {
        Process? process;
        try
        {
            process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine($"  ({program} not installed: apt-get install {program}; skipped)");
            return null;
        }

        if (process is null)
        {
            return null;
        }

        try
        {
            await BenchPorts.WaitListeningAsync(port, TimeSpan.FromSeconds(10));
        }
        catch (System.Net.Sockets.SocketException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Console.WriteLine($"  ({program} did not start: {await process.StandardError.ReadToEndAsync()}; skipped)");
            process.Dispose();
            return null;
        }

        return new ExternalForwarder(process, port, config);
    }
}
