namespace N3Host.Plugins.Links;

/// <summary>What became of a value offered to the disk buffer.</summary>
internal enum AppendResult
{
    /// <summary>Stored; it will be sent.</summary>
    Appended,

    /// <summary>The buffer holds <c>bufferLimitBytes</c>: the value is dropped and counted as overflow.</summary>
    Full,

    /// <summary>The value does not fit in one frame (<c>maxFrameBytes</c>): dropped and counted as overflow.</summary>
    TooLarge,
}
