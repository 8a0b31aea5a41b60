using System.CommandLine;
using N3Host.Hosting;

namespace N3Host.Cli;

/// <summary><c>n3host run [--config] [--plugins]</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var plugins = CommonOptions.Plugins();
        var command = new Command("run", "Run the node: load the modules in modules.json and serve the management API") { config, plugins };
        command.SetAction((result, cancellationToken) => NodeHost.RunAsync(result.GetValue(config), result.GetValue(plugins), cancellationToken));
        return command;
    }
}
