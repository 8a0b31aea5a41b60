using N3Host.Transport.Tls;

namespace N3Host.Plugins.Links;

/// <summary>A link client's settings (the sending, remote node).</summary>
internal sealed record LinkClientOptions
{
    /// <summary><c>host</c>: the link server (or the local RedundancyAgent). Required.</summary>
    public required string Host { get; init; }

    /// <summary><c>port</c>: 1..65535, required.</summary>
    public required int Port { get; init; }

    /// <summary><c>tags</c>: which local tags are sent (patterns, <c>*</c> and <c>?</c>); empty sends every tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary><c>serverCertificates</c>: the server certificates trusted (both nodes of a pair), PEM inline or file paths.</summary>
    public required CertificatePins ServerCertificates { get; init; }

    /// <summary><c>connectionTimeout</c>: ms without an answer before the link is declared down. Default 5000, 100..600000.</summary>
    public TimeSpan ConnectionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>reconnectDelay</c>: ms between failed connection attempts. Default 1000, 0..600000.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>bufferLimitBytes</c>: the disk buffer's size limit. Default 256 MiB, 64 KiB..1 TiB.</summary>
    public long BufferLimitBytes { get; init; } = 256L << 20;

    /// <summary><c>maxFrameBytes</c>: the largest frame sent or accepted. Default 1 MiB, 4 KiB..16 MiB.</summary>
    public int MaxFrameBytes { get; init; } = LinkServerOptions.DefaultMaxFrameBytes;

    /// <summary><c>maxUnacknowledgedBytes</c>: how much may be in flight before an acknowledgement. Default 4 MiB.</summary>
    public int MaxUnacknowledgedBytes { get; init; } = 4 << 20;

    /// <summary>
    /// <c>syncIntervalMs</c>: the least time between two writes of the buffer through to the disk (fsync). 0 (default):
    /// every batch at once. More gathers the values of that long into one write (fewer writes on flash storage), and
    /// delays their sending as long. 0..10000.
    /// </summary>
    public TimeSpan SyncInterval { get; init; }

    /// <summary>
    /// <c>probeIntervalMs</c>: while the buffer's disk is full or read-only, how often it is probed for space (a small file
    /// written, flushed and deleted); appending resumes at the first probe that succeeds. Default 2000, 100..60000.
    /// </summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(2);
}
