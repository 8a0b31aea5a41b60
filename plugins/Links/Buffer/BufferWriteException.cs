namespace N3Host.Plugins.Links;

/// <summary>
/// The disk buffer could not write (a full or read-only disk, or another disk error; <see cref="Exception.InnerException"/>
/// says which). The segment was cut back to its last committed record, so no torn record remains, and the buffer takes
/// appends again once the disk does. <see cref="NotKept"/> values appended since the last commit are gone.
/// </summary>
internal sealed class BufferWriteException(long notKept, string directory, Exception inner)
    : IOException($"the link buffer in '{directory}' could not write ({inner.Message}); {notKept} value(s) not kept", inner)
{
    /// <summary>Values appended since the last commit that are not in the buffer (counted as lost by the caller).</summary>
    public long NotKept { get; } = notKept;

    /// <summary>The buffer's folder.</summary>
    public string Directory { get; } = directory;
}
