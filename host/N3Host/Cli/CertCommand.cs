using System.CommandLine;
using N3Host.Certificates;
using N3Host.Configuration;

namespace N3Host.Cli;

/// <summary><c>n3host cert show</c>: the node's certificate as PEM (generated in the data folder if there is none yet; no running node needed).</summary>
internal static class CertCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var show = new Command("show", "Print this node's certificate (PEM) to paste into the other node; creates it on first use") { config };
        show.SetAction(result =>
        {
            var node = ConfigurationLoader.Load(ConfigPathResolver.Resolve(result.GetValue(config)));
            using var certificate = NodeCertificateStore.LoadOrCreate(node.Node.DataDirectory, node.Node.Name, TimeProvider.System, out _);
            Console.Out.Write(certificate.Pem);
            Console.Error.WriteLine($"SHA-256 fingerprint: {certificate.Fingerprint}");
            return ExitCodes.Ok;
        });
        return new Command("cert", "The node's own TLS certificate") { show };
    }
}
