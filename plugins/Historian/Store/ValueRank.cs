namespace N3Host.Plugins.Historian.Store;

/// <summary>
/// The rule for two different values of one tag at one source time (both nodes were active: a cut link, a freeze): the
/// value made in the higher term wins; within one term, the one the primary made (in one term only the primary stays
/// active when both were: the backup yields). The same rule on SQLite and MongoDB, so both stores answer alike.
/// </summary>
/// <param name="Term">The term the value's record was made in.</param>
/// <param name="ByPrimary">The value was made by the pair's primary.</param>
internal readonly record struct ValueRank(long Term, bool ByPrimary)
{
    /// <summary>True if a value of this rank replaces one of <paramref name="other"/>'s at the same tag and time.</summary>
    public bool Beats(ValueRank other) => Term > other.Term || (Term == other.Term && ByPrimary && !other.ByPrimary);
}
