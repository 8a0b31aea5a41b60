namespace N3Host.Plugins.Links;

/// <summary>One file of the disk buffer: consecutive records from <see cref="FirstSequence"/> to <see cref="LastSequence"/>.</summary>
internal sealed class BufferSegment(string path, long firstSequence)
{
    public string Path { get; } = path;

    public long FirstSequence { get; } = firstSequence;

    /// <summary>The last record written to the OS (readable); <see cref="FirstSequence"/> - 1 while empty.</summary>
    public long LastSequence { get; set; } = firstSequence - 1;

    /// <summary>Bytes written to the OS (readable).</summary>
    public long Length { get; set; }

    /// <summary>True once the appender moved on to a later segment.</summary>
    public bool Closed { get; set; }

    public static string FileName(long firstSequence) => $"{firstSequence:D20}.seg";
}
