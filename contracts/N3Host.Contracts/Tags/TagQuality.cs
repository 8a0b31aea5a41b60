namespace N3Host.Contracts;

/// <summary>How far a tag value can be trusted.</summary>
public enum TagQuality
{
    /// <summary>A fresh, valid reading.</summary>
    Good = 0,

    /// <summary>A value whose source doubts it (stale, estimated, out of range).</summary>
    Uncertain = 1,

    /// <summary>No valid reading (communication lost, sensor fault).</summary>
    Bad = 2,
}
