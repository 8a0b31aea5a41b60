namespace N3Host.Configuration;

/// <summary>The <c>node</c> section of modules.json.</summary>
/// <param name="Name">The node's name (letters, digits, '-', '_', '.'; 1 to 64 characters).</param>
/// <param name="DataDirectory">The node's data folder, absolute (resolved against the config file's folder).</param>
/// <param name="ApiPort">The management API's port on 127.0.0.1.</param>
internal sealed record NodeSettings(string Name, string DataDirectory, int ApiPort)
{
    public const string DefaultName = "node1";
    public const string DefaultDataDirectory = "data";
    public const int DefaultApiPort = 5380;
}
