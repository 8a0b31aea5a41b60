namespace N3Host.Plugins.Links;

/// <summary>The server refused the link (for example: its node is standby), with its reason.</summary>
public sealed class LinkRefusedException : Exception
{
    public LinkRefusedException()
    {
    }

    public LinkRefusedException(string message)
        : base(message)
    {
    }

    public LinkRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
