using System.Security.Cryptography.X509Certificates;

namespace N3Host.Contracts;

/// <summary>The node's own TLS certificate, generated on first start and kept in the node's data folder.</summary>
public interface INodeCertificate
{
    /// <summary>The certificate with its private key, for SslStream.</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>The certificate (never the key) as PEM, to paste into the other node.</summary>
    string Pem { get; }

    /// <summary>SHA-256 fingerprint, upper-case hex with colons.</summary>
    string Fingerprint { get; }
}
