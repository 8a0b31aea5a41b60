using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using N3Host.Configuration;

namespace N3Host.Cli;

/// <summary>The n3host command line. Errors become one line on stderr and an exit code, never a stack trace.</summary>
internal static class CliApp
{
    public static RootCommand Build() => new("n3host: the N3Host node (run it, and ask a running node about its state)")
    {
        RunCommand.Create(),
        StatusCommand.Create(),
        TagsCommand.Create(),
        ModulesCommand.Create(),
        InterfacesCommand.Create(),
        VersionCommand.Create(),
        CertCommand.Create(),
        FailoverCommands.CreateFailover(),
        FailoverCommands.CreateFailback(),
        DrillCommand.Create(),
        HistoryCommand.Create(),
        ReloadCommand.Create(),
        ConsoleCommand.Create(),
        UserCommand.Create(),
        PairCommand.Create(),
        ServiceCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var parse = Build().Parse(args);
            if (parse.Action is ParseErrorAction && parse.Errors.Count > 0)
            {
                // One line, like every other error, instead of the errors followed by the whole help.
                var messages = string.Join("; ", parse.Errors.Select(e => e.Message.TrimEnd('.')).Distinct(StringComparer.Ordinal).OrderBy(m => m.StartsWith("Required command", StringComparison.Ordinal)));
                return Fail($"{messages} (see {CommandPath(parse.CommandResult)} --help)", ExitCodes.UsageOrConfig);
            }

            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (ConfigurationException e)
        {
            return Fail(e.Message, ExitCodes.UsageOrConfig);
        }
        catch (OperationCanceledException)
        {
            return Fail("cancelled", ExitCodes.Unexpected);
        }
#pragma warning disable CA1031 // The top of the program: whatever went wrong is told in one line, never as a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail($"unexpected error: {e.GetType().Name}: {e.Message}", ExitCodes.Unexpected);
        }
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: not RootCommand } sub)
            {
                names.Insert(0, sub.Command.Name);
            }
        }

        return string.Join(' ', ["n3host", .. names]);
    }

    private static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"n3host: {message}");
        return exitCode;
    }
}
