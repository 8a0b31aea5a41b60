namespace N3Host.Plugins.Historian.Buffer;

/// <summary>A record read from the store-and-forward buffer.</summary>
/// <param name="Payload">What was appended.</param>
/// <param name="Next">The position after it: pass to <see cref="DiskBuffer.Commit"/> once it is forwarded.</param>
internal sealed record BufferedRecord(byte[] Payload, BufferPosition Next);
