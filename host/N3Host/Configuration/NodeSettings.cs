using System.Net;

namespace N3Host.Configuration;

/// <summary>The <c>node</c> section of modules.json.</summary>
/// <param name="Name">The node's name (letters, digits, '-', '_', '.'; 1 to 64 characters).</param>
/// <param name="DataDirectory">The node's data folder, absolute (resolved against the config file's folder).</param>
/// <param name="ApiPort">The management API's and the console's port.</param>
internal sealed record NodeSettings(string Name, string DataDirectory, int ApiPort)
{
    public const string DefaultName = "node1";
    public const string DefaultDataDirectory = "data";
    public const int DefaultApiPort = 5380;

    /// <summary>Where the management API and the console listen, and who may reach them (<c>node.api</c>).</summary>
    public ApiSettings Api { get; init; } = ApiSettings.Default;
}

/// <summary>The <c>node.api</c> section: the console's address, the host names it answers to, the login lockout.</summary>
/// <param name="Bind">The address the API listens on: loopback (plain HTTP, the default) or beyond (HTTPS only, with the node's certificate).</param>
/// <param name="Hosts">Further names or addresses the node is reached by (the <c>Host</c> header); loopback names are always allowed.</param>
/// <param name="LockoutFailures">Wrong passwords in a row that lock a user name.</param>
/// <param name="Lockout">How long a locked user name stays locked.</param>
internal sealed record ApiSettings(IPAddress Bind, IReadOnlyList<string> Hosts, int LockoutFailures, TimeSpan Lockout)
{
    public const int DefaultLockoutFailures = 5;
    public const int DefaultLockoutSeconds = 300;

    public static ApiSettings Default { get; } = new(IPAddress.Loopback, [], DefaultLockoutFailures, TimeSpan.FromSeconds(DefaultLockoutSeconds));

    /// <summary>Bound beyond loopback: HTTPS only, users with roles.</summary>
    public bool IsOpen => !IPAddress.IsLoopback(Bind);
}
