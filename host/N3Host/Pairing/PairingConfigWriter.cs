using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using N3Host.Configuration;

namespace N3Host.Pairing;

/// <summary>
/// Writes what a pairing gives a node: the other node's certificate beside modules.json (where <c>remoteCertificate</c> paths are
/// resolved), and the Redundancy instance's settings in modules.json (added when there is none). Both files are written atomically,
/// each previous one kept as <c>.bak</c>; the new modules.json is validated as at start before anything is written.
/// </summary>
internal static class PairingConfigWriter
{
    /// <summary>The file the backup writes the primary's certificate to.</summary>
    public const string PrimaryCertificateFile = "primary.pem";

    /// <summary>The file the primary writes the backup's certificate to.</summary>
    public const string BackupCertificateFile = "backup.pem";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The primary's side: <c>mode: primary</c>, <c>remoteCertificate: backup.pem</c>, and the listen address if it was not configured.</summary>
    public static string WritePrimary(string configPath, PairingOffer backup, string listenAddress, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(backup);
        return Write(configPath, BackupCertificateFile, backup, time, settings =>
        {
            settings["mode"] = "primary";
            settings["remoteCertificate"] = BackupCertificateFile;
            SharedModules.Get(settings, "server.networkInterface", out var found);
            if (!found)
            {
                SharedModules.Set(settings, "server.networkInterface", listenAddress);
            }

            return $"mode primary, remoteCertificate {BackupCertificateFile}";
        });
    }

    /// <summary>The backup's side: <c>mode: backup</c>, <c>remoteCertificate: primary.pem</c>, <c>connection.host</c> and <c>connection.port</c>.</summary>
    public static string WriteBackup(string configPath, PairingOffer primary, string host, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return Write(configPath, PrimaryCertificateFile, primary, time, settings =>
        {
            settings["mode"] = "backup";
            settings["remoteCertificate"] = PrimaryCertificateFile;
            SharedModules.Set(settings, "connection.host", host);
            SharedModules.Set(settings, "connection.port", primary.PeerPort);
            return $"mode backup, remoteCertificate {PrimaryCertificateFile}, connection {host}:{primary.PeerPort}";
        });
    }

    private static string Write(string configPath, string certificateFile, PairingOffer peer, TimeProvider time, Func<JsonObject, string> configure)
    {
        var root = SharedModules.ParseRoot(File.ReadAllText(configPath));
        if (root["modules"] is not JsonArray modules)
        {
            modules = [];
            root["modules"] = modules;
        }

        var instance = SharedModules.Instances(root).FirstOrDefault(SharedModules.IsNodeLocal);
        if (instance is null)
        {
            instance = new JsonObject { ["instance"] = "redundancy", ["module"] = SharedModules.NodeLocalModule, ["settings"] = new JsonObject() };
            modules.Insert(0, instance);
        }

        instance.Remove("enabled");
        if (instance["settings"] is not JsonObject settings)
        {
            settings = [];
            instance["settings"] = settings;
        }

        var what = configure(settings);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"// Written by n3host pair at {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC: the redundancy instance pairs with {peer.Node} ({what}).\n// Comments are not kept (the previous file is modules.json.bak).\n");
        var text = header + root.ToJsonString(Indented) + Environment.NewLine;
        try
        {
            ConfigurationLoader.Parse(text, configPath);
        }
        catch (ConfigurationException e)
        {
            throw new PairingRefusedException($"the paired configuration would not load, nothing was written: {e.Message}", e);
        }

        var folder = Path.GetDirectoryName(configPath) ?? ".";
        var certificatePath = Path.Combine(folder, certificateFile);
        AtomicFile.Write(certificatePath, peer.Certificate.TrimEnd() + "\n", keepPrevious: true);
        AtomicFile.Write(configPath, text, keepPrevious: true);
        return $"wrote {certificatePath} and {configPath} (previous file: modules.json.bak): instance '{SharedModules.Name(instance)}' {what}";
    }
}
