namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The peer broke the sync protocol (bad frame, unknown journal, a gap in a sequence). The session ends; the next one resumes from the cursors.</summary>
public sealed class SyncProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SyncProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SyncProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SyncProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
