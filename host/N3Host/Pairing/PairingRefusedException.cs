namespace N3Host.Pairing;

/// <summary>The pairing did not happen; the message says why in a user's words (a wrong code, an expired one, a bad message).</summary>
internal sealed class PairingRefusedException : Exception
{
    public PairingRefusedException()
    {
    }

    public PairingRefusedException(string message)
        : base(message)
    {
    }

    public PairingRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the code itself was refused (wrong, expired, void), rather than the connection or the messages.</summary>
    public bool CodeRefused { get; init; }
}
