using System.CommandLine;

namespace N3Host.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string?> Config() => new("--config", "-c")
    {
        Description = "Path of modules.json (default: next to n3host, then the working directory)",
    };

    public static Option<string?> Plugins() => new("--plugins")
    {
        Description = "Plugins folder (default: plugins/ next to n3host)",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of a table",
    };
}
