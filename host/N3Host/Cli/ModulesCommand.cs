using System.CommandLine;
using System.Text.Json;
using N3Host.Api;
using N3Host.Configuration;
using N3Host.Plugins;

namespace N3Host.Cli;

/// <summary><c>n3host modules</c>: installed plugins, their versions and check results, and the configured instances; nothing is started.</summary>
internal static class ModulesCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var plugins = CommonOptions.Plugins();
        var json = CommonOptions.Json();
        var command = new Command("modules", "List installed plugins with versions and check results, and the configured instances (without starting them)") { config, plugins, json };
        command.SetAction(result =>
        {
            var catalog = PluginCatalog.Discover(result.GetValue(plugins), ContractsCompatibility.HostContractsVersion);
            IReadOnlyList<ModuleDefinition> definitions = [];
            string? configProblem = null;
            try
            {
                definitions = ModuleResolver.Resolve(ConfigurationLoader.Load(ConfigPathResolver.Resolve(result.GetValue(config))), catalog);
            }
            catch (ConfigurationException e)
            {
                configProblem = e.Message;
            }

            var report = ModulesReport.Build(catalog, definitions, loadUnused: true);
            if (result.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, JsonDefaults.Options));
            }
            else
            {
                Console.Out.WriteLine($"n3host {report.HostVersion}, contracts {report.ContractsVersion}; plugins in {report.PluginsDirectory}");
                Console.Out.WriteLine();
                Console.Out.Write(TextTable.Format(["PLUGIN", "VERSION", "CONTRACTS", "FOLLOWS", "CHECK"],
                    report.Plugins.Select(p => (IReadOnlyList<string>)[p.Name, p.Version ?? "?", p.ContractsVersion ?? "-", p.Follows?.ToString() ?? "-", p.Check])));
                if (report.Instances.Count > 0)
                {
                    Console.Out.WriteLine();
                    Console.Out.Write(TextTable.Format(["INSTANCE", "MODULE", "ENABLED", "WANTS", "CHECK"],
                        report.Instances.Select(i => (IReadOnlyList<string>)[i.Instance, i.Module, i.Enabled ? "yes" : "no", i.VersionRange ?? "any", i.Check])));
                }
            }

            if (configProblem is not null)
            {
                throw new CliException(configProblem, ExitCodes.UsageOrConfig);
            }

            return report.Instances.Any(i => i.Enabled && i.Check != ModulesReport.Ok) ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return command;
    }
}
