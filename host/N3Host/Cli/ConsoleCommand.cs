using System.CommandLine;

namespace N3Host.Cli;

/// <summary><c>n3host console</c>: prints a one-time link that logs a browser in to the node's console as admin (good for 2 minutes, once).</summary>
internal static class ConsoleCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var command = new Command("console", "Print a one-time link to the node's web console (logs in as admin; valid 2 minutes, once)") { config };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.Create(result.GetValue(config));
            var link = await client.PostJsonAsync("api/console-link", cancellationToken);
            Console.Out.WriteLine(link["url"]?.GetValue<string>());
            Console.Error.WriteLine($"open it in a browser within {link["validSeconds"]} s; it works once (run n3host console again for another)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
