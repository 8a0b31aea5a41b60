using System.IO.Pipelines;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>A peer channel over an authenticated stream (the SslStream of the pair's link).</summary>
internal sealed class StreamPeerChannel(Stream stream, string remoteAddress, string certificateFingerprint, string security) : IPeerChannel
{
    public PipeReader Input { get; } = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));

    public PipeWriter Output { get; } = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));

    public string RemoteAddress { get; } = remoteAddress;

    public string CertificateFingerprint { get; } = certificateFingerprint;

    public string Security { get; } = security;

    /// <summary>Closes the connection. A peer that is already gone makes the final flush fail; that is not an error here.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Input.CompleteAsync().ConfigureAwait(false);
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // The connection is being dropped anyway.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
