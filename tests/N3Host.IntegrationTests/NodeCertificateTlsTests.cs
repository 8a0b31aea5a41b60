using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using N3Host.Certificates;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>The node certificate, as stored and loaded back, works for SslStream on both ends of a real loopback TLS connection.</summary>
public sealed class NodeCertificateTlsTests
{
    [Fact]
    public async Task StoredNodeCertificates_AuthenticateBothEndsOfATlsConnection()
    {
        using var folder = new TempDirectory("n3host-tls");
        using var server = NodeCertificateStore.LoadOrCreate(folder.Combine("server"), "server", TimeProvider.System, out _);
        using var client = NodeCertificateStore.LoadOrCreate(folder.Combine("client"), "client", TimeProvider.System, out _);
        // Reloaded from the PEM files, as on every later start.
        using var serverReloaded = NodeCertificateStore.LoadOrCreate(folder.Combine("server"), "server", TimeProvider.System, out var created);
        Assert.False(created);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        string? clientSeenByServer = null;

        var serverSide = Task.Run(async () =>
        {
            using var socket = await listener.AcceptTcpClientAsync();
            await using var tls = new SslStream(socket.GetStream(), false, (_, certificate, _, _) =>
            {
                clientSeenByServer = certificate is null ? null : NodeCertificate.FingerprintOf(new X509Certificate2(certificate));
                return clientSeenByServer == client.Fingerprint;
            });
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = serverReloaded.Certificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            });
            var buffer = new byte[5];
            await tls.ReadExactlyAsync(buffer);
            await tls.WriteAsync(buffer);
        });

        using var connection = new TcpClient();
        await connection.ConnectAsync(IPAddress.Loopback, port);
        await using var clientTls = new SslStream(connection.GetStream(), false, (_, certificate, _, _) =>
            certificate is not null && NodeCertificate.FingerprintOf(new X509Certificate2(certificate)) == server.Fingerprint);
        await clientTls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "n3host-server",
            ClientCertificates = [client.Certificate],
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        });
        await clientTls.WriteAsync("hello"u8.ToArray());
        var echo = new byte[5];
        await clientTls.ReadExactlyAsync(echo);
        await serverSide.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("hello"u8.ToArray(), echo);
        Assert.Equal(client.Fingerprint, clientSeenByServer);
        Assert.True(clientTls.IsMutuallyAuthenticated);
    }
}
