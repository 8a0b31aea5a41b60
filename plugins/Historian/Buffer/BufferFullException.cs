namespace N3Host.Plugins.Historian.Buffer;

/// <summary>The store-and-forward buffer has no room for a record within its byte limit.</summary>
public sealed class BufferFullException : Exception
{
    /// <summary>Creates the error.</summary>
    public BufferFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public BufferFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error.</summary>
    public BufferFullException()
    {
    }
}
