using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using N3Host.Plugins.Redundancy.Options;

namespace N3Host.Plugins.Redundancy.Certificates;

/// <summary>Loads <c>remoteCertificate</c>: PEM pasted inline, or the path of a file holding it (relative to the node's config folder).</summary>
internal static class RemoteCertificateLoader
{
    public static X509Certificate2 Load(string setting, string instanceName, string configDirectory)
    {
        string pem;
        string where;
        if (setting.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            pem = setting;
            where = "the inline PEM";
        }
        else
        {
            var path = Path.IsPathRooted(setting) ? setting : Path.GetFullPath(Path.Combine(configDirectory, setting));
            if (!File.Exists(path))
            {
                throw new RedundancySettingsException(
                    $"modules.json, instance '{instanceName}', setting 'remoteCertificate': '{setting}' is neither a PEM certificate (-----BEGIN CERTIFICATE-----) nor an existing file (looked for {path}).");
            }

            pem = File.ReadAllText(path);
            where = $"the file {path}";
        }

        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new RedundancySettingsException(
                $"modules.json, instance '{instanceName}', setting 'remoteCertificate': {where} does not hold a valid PEM certificate ({e.Message}); paste the output of 'n3host cert show' from the other node.", e);
        }
    }
}
