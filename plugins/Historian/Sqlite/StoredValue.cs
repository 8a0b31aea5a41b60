using N3Host.Contracts;

namespace N3Host.Plugins.Historian.Sqlite;

/// <summary>A stored value with where it came from: the node that made it and its record's term, and whether the same-time rule shows it.</summary>
/// <param name="Value">The value.</param>
/// <param name="Origin">The node that made it.</param>
/// <param name="Term">The term its record was written in.</param>
/// <param name="Shown">False if it lost to another node's value at the same time.</param>
internal sealed record StoredValue(TagValue Value, string Origin, long Term, bool Shown);
