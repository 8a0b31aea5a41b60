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

    /// <summary>The primary's side of a Links pairing: the remote node's certificate (inline PEM, so the pair's configuration sync carries it) in <c>trustedCertificates</c> of every Links server.</summary>
    public static string TrustLinkClient(string configPath, PairingOffer remote, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return Update(configPath, remote.Node, time, null, root =>
        {
            var servers = LinkInstances(root, "server");
            foreach (var server in servers)
            {
                AddTo(Settings(server), "trustedCertificates", [remote.Certificate]);
            }

            return $"the certificate of {remote.Node} is in trustedCertificates of Links instance(s) {string.Join(", ", servers.Select(SharedModules.Name))}";
        });
    }

    /// <summary>The remote node's side of a Links pairing: both pair nodes' certificates (inline PEM) in <c>serverCertificates</c> of every Links client.</summary>
    public static string TrustLinkServers(string configPath, PairingOffer primary, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(primary);
        var certificates = primary.PairCertificates ?? [primary.Certificate];
        return Update(configPath, primary.Node, time, null, root =>
        {
            var clients = LinkInstances(root, "client");
            foreach (var client in clients)
            {
                AddTo(Settings(client), "serverCertificates", certificates);
            }

            return $"{certificates.Count} certificate(s) of {primary.Node}'s pair are in serverCertificates of Links instance(s) {string.Join(", ", clients.Select(SharedModules.Name))}";
        });
    }

    /// <summary>Refuses early when <paramref name="config"/> has no Links instance of <paramref name="role"/>.</summary>
    public static void RequireLinks(NodeConfiguration config, string role)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Modules.Any(m => string.Equals(m.Module, LinksModule, StringComparison.OrdinalIgnoreCase) && string.Equals(m.Settings["role"], role, StringComparison.OrdinalIgnoreCase)))
        {
            throw new PairingRefusedException(
                $"{config.Node.Name} has no Links instance with role {role} in {config.ConfigPath} whose trust list pairing could fill: add it first (see the Links page)");
        }
    }

    private const string LinksModule = "Links";

    private static List<JsonObject> LinkInstances(JsonObject root, string role)
    {
        var found = SharedModules.Instances(root)
            .Where(i => string.Equals(i["module"]?.GetValue<string>(), LinksModule, StringComparison.OrdinalIgnoreCase)
                && string.Equals((i["settings"] as JsonObject)?["role"]?.GetValue<string>(), role, StringComparison.OrdinalIgnoreCase))
            .ToList();
        return found.Count > 0 ? found : throw new PairingRefusedException($"no Links instance with role {role} in modules.json whose trust list pairing could fill: add it first");
    }

    private static JsonObject Settings(JsonObject instance)
    {
        if (instance["settings"] is not JsonObject settings)
        {
            settings = [];
            instance["settings"] = settings;
        }

        return settings;
    }

    private static void AddTo(JsonObject settings, string key, IEnumerable<string> pems)
    {
        if (settings[key] is not JsonArray list)
        {
            list = [];
            settings[key] = list;
        }

        foreach (var pem in pems.Select(p => p.TrimEnd() + "\n"))
        {
            if (!list.Any(existing => existing is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimEnd() == pem.TrimEnd()))
            {
                list.Add(pem);
            }
        }
    }

    private static string Write(string configPath, string certificateFile, PairingOffer peer, TimeProvider time, Func<JsonObject, string> configure) =>
        Update(configPath, peer.Node, time, (certificateFile, peer.Certificate), root =>
        {
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
            return $"instance '{SharedModules.Name(instance)}' {configure(Settings(instance))}";
        });

    private static string Update(string configPath, string peerNode, TimeProvider time, (string File, string Pem)? certificate, Func<JsonObject, string> change)
    {
        var root = SharedModules.ParseRoot(File.ReadAllText(configPath));
        var what = change(root);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"// Written by n3host pair at {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC, paired with {peerNode}: {what}.\n// Comments are not kept (the previous file is modules.json.bak).\n");
        var text = header + root.ToJsonString(Indented) + Environment.NewLine;
        try
        {
            ConfigurationLoader.Parse(text, configPath);
        }
        catch (ConfigurationException e)
        {
            throw new PairingRefusedException($"the paired configuration would not load, nothing was written: {e.Message}", e);
        }

        var written = new List<string>();
        if (certificate is { } file)
        {
            var certificatePath = Path.Combine(Path.GetDirectoryName(configPath) ?? ".", file.File);
            AtomicFile.Write(certificatePath, file.Pem.TrimEnd() + "\n", keepPrevious: true);
            written.Add(certificatePath);
        }

        AtomicFile.Write(configPath, text, keepPrevious: true);
        written.Add(configPath);
        return $"wrote {string.Join(" and ", written)} (previous file: modules.json.bak): {what}";
    }
}
