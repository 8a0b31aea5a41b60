using System.IO.Pipelines;
using N3Host.Plugins.Redundancy.Peer;

namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>One end of an in-memory duplex pipe: the seam under the peer protocol, without sockets or TLS.</summary>
internal sealed class InMemoryPeerChannel(PipeReader input, PipeWriter output, string remoteAddress, string fingerprint) : IPeerChannel
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    public string RemoteAddress { get; } = remoteAddress;

    public string CertificateFingerprint { get; } = fingerprint;

    public string Security => "in-memory";

    public static (InMemoryPeerChannel A, InMemoryPeerChannel B) CreatePair()
    {
        var aToB = new Pipe(new PipeOptions(useSynchronizationContext: false));
        var bToA = new Pipe(new PipeOptions(useSynchronizationContext: false));
        return (new InMemoryPeerChannel(bToA.Reader, aToB.Writer, "memory:b", "B"), new InMemoryPeerChannel(aToB.Reader, bToA.Writer, "memory:a", "A"));
    }

    /// <summary>Cuts the connection as a crash would: the other end reads end-of-stream.</summary>
    public void Cut() => Output.Complete();

    public async ValueTask DisposeAsync()
    {
        await Input.CompleteAsync();
        await Output.CompleteAsync();
    }
}
