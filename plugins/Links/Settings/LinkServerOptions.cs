using System.Net;
using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>A link server's settings (the receiving, central node).</summary>
internal sealed record LinkServerOptions
{
    public const int DefaultMaxFrameBytes = 1 << 20;

    /// <summary><c>port</c>: 1..65535, required.</summary>
    public required int Port { get; init; }

    /// <summary><c>networkInterface</c>: the address to listen on. Default 127.0.0.1.</summary>
    public IPAddress NetworkInterface { get; init; } = IPAddress.Loopback;

    /// <summary><c>trustedCertificates</c>: the client certificates accepted (PEM inline or file paths).</summary>
    public required CertificatePins TrustedCertificates { get; init; }

    /// <summary><c>prefix</c>: where received tags go on the local bus; <c>{node}</c> is the sender's node name. Default <c>{node}</c>.</summary>
    public string Prefix { get; init; } = "{node}";

    /// <summary><c>handshakeTimeout</c>: ms a new connection has to finish TLS and the hello. Default 5000, 100..60000.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>maxFrameBytes</c>: the largest frame accepted. Default 1 MiB, 4 KiB..16 MiB.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>
    /// <c>ackAfterStored</c>: acknowledge values to the sender only once this node's historian (every durable tag
    /// subscriber) has stored them, so a kill of this node never loses acknowledged values. With no historian running,
    /// values are not acknowledged and the link is closed with that reason. Set false on a node that stores nothing. Default true.
    /// </summary>
    public bool AckAfterStored { get; init; } = true;
}
