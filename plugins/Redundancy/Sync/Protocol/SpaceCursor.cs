namespace N3Host.Plugins.Redundancy.Sync;

/// <summary>How far a node holds one sequence space of a journal: the records one origin numbered since its epoch.</summary>
/// <param name="Origin">The node that wrote the records.</param>
/// <param name="Epoch">Identifies the sequence space: the term and digest of its first record (see <see cref="RecordDigest"/>).</param>
/// <param name="LastSequence">The highest sequence held (durably, in the journal).</param>
/// <param name="LastTerm">The term of the record at <paramref name="LastSequence"/>.</param>
/// <param name="LastDigest">The digest of the record at <paramref name="LastSequence"/>, to detect a space that diverged after its start.</param>
public sealed record SpaceCursor(string Origin, string Epoch, long LastSequence, long LastTerm, string LastDigest);
