using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;

namespace N3Host.Certificates;

/// <summary>Makes the node's key pair and self-signed certificate with BouncyCastle: ECDSA P-256, CN=n3host-&lt;node&gt;, valid 20 years.</summary>
internal static class NodeCertificateGenerator
{
    /// <summary>Returns the certificate PEM and the private key PEM (PKCS#8).</summary>
    public static (string CertificatePem, string KeyPem) Generate(string nodeName, DateTimeOffset now)
    {
        var random = new SecureRandom();
        var keys = new ECKeyPairGenerator("ECDSA");
        keys.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var pair = keys.GenerateKeyPair();

        var name = new X509Name($"CN=n3host-{nodeName}");
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BigIntegers.CreateRandomInRange(BigInteger.One, BigInteger.ValueOf(long.MaxValue), random));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now.AddDays(-1).UtcDateTime);
        generator.SetNotAfter(now.AddYears(20).UtcDateTime);
        generator.SetPublicKey(pair.Public);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.KeyAgreement));
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeID.id_kp_serverAuth, KeyPurposeID.id_kp_clientAuth));
        generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.DnsName, $"n3host-{nodeName}")));
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));

        return (ToPem(certificate), ToPem(new Pkcs8Generator(pair.Private)));
    }

    private static string ToPem(object value)
    {
        using var text = new StringWriter();
        var writer = new PemWriter(text);
        writer.WriteObject(value);
        writer.Writer.Flush();
        return text.ToString();
    }
}
