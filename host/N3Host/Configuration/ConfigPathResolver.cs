namespace N3Host.Configuration;

/// <summary>Finds modules.json: <c>--config</c>, else next to the executable, else the working directory.</summary>
internal static class ConfigPathResolver
{
    public const string FileName = "modules.json";

    public static string Resolve(string? explicitPath)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full) ? full : throw new ConfigurationException($"{full}: file not found (given with --config)");
        }

        var besideExecutable = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(besideExecutable))
        {
            return besideExecutable;
        }

        var inWorkingDirectory = Path.Combine(Environment.CurrentDirectory, FileName);
        if (File.Exists(inWorkingDirectory))
        {
            return inWorkingDirectory;
        }

        throw new ConfigurationException($"no {FileName} found: looked in {AppContext.BaseDirectory} and {Environment.CurrentDirectory}; pass --config PATH");
    }
}
