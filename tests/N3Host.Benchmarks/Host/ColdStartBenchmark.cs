using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace N3Host.Benchmarks;

/// <summary>
/// Cold start: from starting the built <c>n3host run</c> process to "every instance brought up" (its
/// "is running" line), with the repository's default modules.json on free ports. Peer: <c>n3host version</c>,
/// the same executable starting and exiting without loading anything.
/// </summary>
internal static class ColdStartBenchmark
{
    private const int Runs = 10;

    public static async Task RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "n3host-bench-coldstart-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (config, apiPort) = WriteConfig(folder);
            var peer = new List<double>();
            var start = new List<double>();
            await StartNodeAsync(config); // warm-up: generates the node certificate, fills the OS file cache
            for (var i = 0; i < Runs; i++)
            {
                peer.Add(await RunVersionAsync());
                start.Add(await StartNodeAsync(config));
            }

            var (active, total, names) = await StatusOnceAsync(config, apiPort);
            var median = Median.Of(start);
            var peerMedian = Median.Of(peer);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"host cold start to all modules active: median {median:0} ms over {Runs} runs ({active} of {total} instances active: {names})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  peer, `n3host version` (process and runtime start, no modules): median {peerMedian:0} ms; ratio {median / peerMedian:0.00}"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (string Path, int ApiPort) WriteConfig(string folder)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "modules.json")), documentOptions: options)!.AsObject();
        var apiPort = FreePort();
        root["node"] = new JsonObject { ["name"] = "bench", ["dataDirectory"] = "data", ["apiPort"] = apiPort };
        foreach (var module in root["modules"]?.AsArray() ?? [])
        {
            if (module?["settings"] is JsonObject settings && settings.ContainsKey("port"))
            {
                var port = FreePort();
                settings["port"] = port;

                // The node publishes its status to the embedded broker: on its new port, or the start would wait on one that is not there.
                if (module["module"]?.GetValue<string>() == "MqttBroker" && root["mqtt"] is JsonObject mqtt)
                {
                    mqtt["broker"] = $"mqtt://127.0.0.1:{port}";
                }
            }
        }

        var path = Path.Combine(folder, "modules.json");
        File.WriteAllText(path, root.ToJsonString());
        return (path, apiPort);
    }

    private static async Task<double> StartNodeAsync(string config)
    {
        var clock = Stopwatch.StartNew();
        using var process = Start(["run", "--config", config]);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(" is running:", StringComparison.Ordinal) == true)
            {
                running.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(running.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!running.Task.IsCompleted)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("the node did not come up within 60 s (or exited); run it by hand to see why");
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return elapsed;
    }

    private static async Task<double> RunVersionAsync()
    {
        var clock = Stopwatch.StartNew();
        using var process = Start(["version"]);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<(int Active, int Total, string Names)> StatusOnceAsync(string config, int apiPort)
    {
        using var process = Start(["run", "--config", config]);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = N3Host.Testing.NodeApiClient.Create(apiPort, Path.Combine(Path.GetDirectoryName(config)!, "data"));
        try
        {
            for (var attempt = 0; attempt < 600; attempt++)
            {
                try
                {
                    var status = JsonNode.Parse(await http.GetStringAsync(new Uri("api/status", UriKind.Relative)))!;
                    var modules = status["modules"]!.AsArray();
                    if (modules.All(m => m!["state"]!.GetValue<string>() is not "Starting" and not "Stopped"))
                    {
                        var active = modules.Where(m => m!["state"]!.GetValue<string>() == "Active").Select(m => m!["instance"]!.GetValue<string>()).ToList();
                        var others = modules.Where(m => m!["state"]!.GetValue<string>() != "Active").Select(m => $"{m!["instance"]} {m["state"]}");
                        return (active.Count, modules.Count, string.Join(", ", active.Concat(others)));
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            return (0, 0, "status not available");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(BuildPaths.HostExecutable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {BuildPaths.HostExecutable}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
