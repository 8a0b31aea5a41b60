using N3Host.Cli;

namespace N3Host;

internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args);
}
