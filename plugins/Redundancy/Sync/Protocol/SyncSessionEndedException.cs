namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>The session ended (link closed, cancelled, protocol error) before what was awaited happened.</summary>
public sealed class SyncSessionEndedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SyncSessionEndedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SyncSessionEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SyncSessionEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
