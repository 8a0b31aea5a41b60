namespace N3Host.Transport.Framing;

/// <summary>The other side sent a frame that is not one of ours (a length out of range, an unknown type); the connection is dropped.</summary>
public sealed class FrameProtocolException : Exception
{
    public FrameProtocolException()
    {
    }

    public FrameProtocolException(string message)
        : base(message)
    {
    }

    public FrameProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
