namespace N3Host.Plugins.Historian.Store;

/// <summary>The store could not take or give values; the message names the store and what went wrong.</summary>
public sealed class HistoryStoreException : Exception
{
    /// <summary>Creates the error.</summary>
    public HistoryStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public HistoryStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error.</summary>
    public HistoryStoreException()
    {
    }
}
