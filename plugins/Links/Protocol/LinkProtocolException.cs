namespace N3Host.Plugins.Links;

/// <summary>The peer sent something that is not the link protocol; the connection is dropped.</summary>
public sealed class LinkProtocolException : Exception
{
    public LinkProtocolException()
    {
    }

    public LinkProtocolException(string message)
        : base(message)
    {
    }

    public LinkProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
