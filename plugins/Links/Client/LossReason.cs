namespace N3Host.Plugins.Links;

/// <summary>Why a link client lost values, as counted in the instance's <c>losses.json</c> (<see cref="N3Host.Contracts.Storage.LossCounter"/>).</summary>
internal static class LossReason
{
    /// <summary>The buffer held <c>bufferLimitBytes</c>.</summary>
    public const string BufferFull = "bufferFull";

    /// <summary>The value does not fit in one frame (<c>maxFrameBytes</c>).</summary>
    public const string TooLarge = "tooLarge";

    /// <summary>The buffer's disk was full.</summary>
    public const string DiskFull = "diskFull";

    /// <summary>The buffer's disk was read-only.</summary>
    public const string ReadOnly = "readOnly";

    /// <summary>Another disk error (the disk took a probe write).</summary>
    public const string DiskError = "diskError";
}
