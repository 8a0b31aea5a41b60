namespace N3Host.Pairing;

/// <summary>The primary's pairing port cannot be reached, or the connection broke.</summary>
internal sealed class PairingUnreachableException : Exception
{
    public PairingUnreachableException()
    {
    }

    public PairingUnreachableException(string message)
        : base(message)
    {
    }

    public PairingUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
