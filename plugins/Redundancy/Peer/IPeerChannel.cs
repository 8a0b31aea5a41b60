using System.IO.Pipelines;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// The seam under the peer protocol: a duplex byte channel to the other node. Over the network it is an
/// authenticated TLS stream; in unit tests an in-memory pipe. Disposing it closes the connection.
/// </summary>
internal interface IPeerChannel : IAsyncDisposable
{
    /// <summary>Bytes from the peer.</summary>
    PipeReader Input { get; }

    /// <summary>Bytes to the peer.</summary>
    PipeWriter Output { get; }

    /// <summary>The peer's address, for status and the log.</summary>
    string RemoteAddress { get; }

    /// <summary>The SHA-256 fingerprint of the certificate the peer authenticated with.</summary>
    string CertificateFingerprint { get; }

    /// <summary>The negotiated TLS protocol and cipher, for status ("in-memory" in tests).</summary>
    string Security { get; }
}
