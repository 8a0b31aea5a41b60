using System.Diagnostics;

namespace N3Host.Testing;

/// <summary>Runs <c>n3host</c> commands to completion.</summary>
public static class HostCli
{
    /// <summary>Runs the built <c>n3host</c> with <paramref name="args"/>.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunExecutableAsync(HostBuild.Executable, args);

    /// <summary>Runs any n3host executable (for example a published install) with <paramref name="args"/>; 60 s at most.</summary>
    /// <param name="input">What the command reads on standard input (a password), or nothing.</param>
    public static async Task<CliResult> RunExecutableAsync(string executable, IEnumerable<string> args, string? workingDirectory = null, string? input = null)
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
        info.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"n3host {string.Join(' ', info.ArgumentList)} did not finish within 60 s");
        }

        return new CliResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
