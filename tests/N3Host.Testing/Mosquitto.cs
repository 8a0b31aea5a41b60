using System.Diagnostics;
using System.Net.Sockets;

namespace N3Host.Testing;

/// <summary>A real Mosquitto broker (Debian package) on a free loopback port, with TCP_NODELAY.</summary>
public sealed class Mosquitto : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _folder;

    private Mosquitto(Process process, TempDirectory folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>The broker URI for N3Host settings.</summary>
    public string Uri => $"mqtt://127.0.0.1:{Port}";

    /// <summary>Finds the mosquitto executable, or null.</summary>
    public static string? FindExecutable() =>
        new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto" }.FirstOrDefault(File.Exists);

    /// <summary>Starts a broker and waits until it accepts connections.</summary>
    public static async Task<Mosquitto> StartAsync(int? port = null)
    {
        var exe = FindExecutable() ?? throw new InvalidOperationException("mosquitto not installed: apt-get install mosquitto");
        var folder = new TempDirectory("n3host-mosquitto");
        var chosen = port ?? FreePort.Get();
        var conf = folder.Combine("mosquitto.conf");
        await File.WriteAllTextAsync(conf, $"""
            listener {chosen} 127.0.0.1
            allow_anonymous true
            set_tcp_nodelay true
            persistence false
            log_dest stdout
            max_queued_messages 0

            """).ConfigureAwait(false);
        var info = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(conf);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start mosquitto");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var broker = new Mosquitto(process, folder, chosen);
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}");
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", chosen).ConfigureAwait(false);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), $"mosquitto listening on {chosen}").ConfigureAwait(false);
        return broker;
    }

    /// <summary>Stops the broker (SIGKILL), as a broker outage.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _process.Dispose();
        _folder.Dispose();
    }
}
