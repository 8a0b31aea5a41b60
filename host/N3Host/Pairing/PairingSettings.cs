using System.Globalization;
using N3Host.Configuration;

namespace N3Host.Pairing;

/// <summary>
/// What pairing reads of the node's Redundancy instance (the first one in modules.json, if any). The defaults are the Redundancy
/// module's own (<c>ServerOptions</c> in plugins/Redundancy): the host reads the raw settings, as it does for the initial role.
/// </summary>
/// <param name="Instance">The Redundancy instance's name, or null when modules.json has none.</param>
/// <param name="Mode">Its <c>mode</c> (standalone when not given).</param>
/// <param name="NetworkInterface">Its <c>server.networkInterface</c> when given (null: not configured).</param>
/// <param name="PeerPort">Its <c>server.port</c>: where the backup will connect.</param>
/// <param name="PairingPort">Its <c>server.pairingPort</c>: where the primary listens while a code is open.</param>
internal sealed record PairingSettings(string? Instance, string Mode, string? NetworkInterface, int PeerPort, int PairingPort)
{
    /// <summary>Its <c>remoteCertificate</c> as written (inline PEM or a path relative to modules.json), if any.</summary>
    public string? RemoteCertificate { get; init; }

    /// <summary>The Redundancy module's default <c>server.port</c>.</summary>
    public const int DefaultPeerPort = 3002;

    /// <summary>The Redundancy module's default <c>server.pairingPort</c>.</summary>
    public const int DefaultPairingPort = 3003;

    public static PairingSettings From(NodeConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var instance = config.Modules.FirstOrDefault(m => string.Equals(m.Module, SharedModules.NodeLocalModule, StringComparison.OrdinalIgnoreCase));
        if (instance is null)
        {
            return new PairingSettings(null, "standalone", null, DefaultPeerPort, DefaultPairingPort);
        }

        var settings = instance.Settings;
        var mode = settings["mode"]?.Trim() is { Length: > 0 } given ? given.ToLowerInvariant() : "standalone";
        var address = settings["server:networkInterface"]?.Trim() is { Length: > 0 } where ? where : null;
        return new PairingSettings(instance.Instance, mode, address, Port(settings["server:port"], DefaultPeerPort), Port(settings["server:pairingPort"], DefaultPairingPort))
        {
            RemoteCertificate = settings["remoteCertificate"] is { Length: > 0 } remote ? remote : null,
        };
    }

    /// <summary>The peer's certificate as PEM (read from its file if the setting is a path); null when there is none or it cannot be read.</summary>
    public string? RemoteCertificatePem(string configPath)
    {
        if (RemoteCertificate is not { } setting)
        {
            return null;
        }

        if (setting.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return setting;
        }

        var path = Path.IsPathRooted(setting) ? setting : Path.Combine(Path.GetDirectoryName(configPath) ?? ".", setting);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static int Port(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : fallback;
}
