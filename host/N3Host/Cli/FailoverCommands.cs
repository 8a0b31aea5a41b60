using System.CommandLine;

namespace N3Host.Cli;

/// <summary><c>n3host failover</c> and <c>n3host failback</c>, through the running node's redundancy module.</summary>
internal static class FailoverCommands
{
    public static Command CreateFailover() => Create("failover", "Hand the active role to the peer node (maintenance, tests)", "api/failover");

    public static Command CreateFailback() => Create("failback", "Let the waiting primary take the active role back (failback: manual)", "api/failback");

    private static Command Create(string name, string description, string path)
    {
        var config = CommonOptions.Config();
        var command = new Command(name, description) { config };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var client = NodeClient.Create(result.GetValue(config));
            var answer = await client.PostJsonAsync(path, cancellationToken);
            Console.Out.WriteLine(answer["message"]?.ToString() ?? "accepted");
            return ExitCodes.Ok;
        });
        return command;
    }
}
