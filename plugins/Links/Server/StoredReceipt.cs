using N3Host.Contracts;

namespace N3Host.Plugins.Links;

/// <summary>One line of <c>receipts.jsonl</c>.</summary>
internal sealed record StoredReceipt(string Origin, long Term, long Sequence, DateTimeOffset Timestamp, byte[] Payload)
{
    public static StoredReceipt From(JournalRecord record) =>
        new(record.Origin, record.Term, record.Sequence, record.Timestamp, record.Payload.ToArray());

    public JournalRecord ToRecord() => new(Origin, Term, Sequence, Timestamp, Payload);
}
