using System.Security.Cryptography;
using System.Text;
using N3Host.Contracts;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>Records for tests: ~100-byte payloads, appended through the journal as a module would, and digests to compare nodes.</summary>
public static class SyncTestData
{
    public static byte[] Payload(string origin, long i) =>
        Encoding.UTF8.GetBytes($"{{\"tag\":\"line1/temperature\",\"origin\":\"{origin}\",\"i\":{i},\"v\":{i * 0.25:0.00},\"q\":\"good\"}}".PadRight(100, ' '));

    public static async Task AppendAsync(IJournal journal, string origin, int count, int from = 1)
    {
        for (var i = from; i < from + count; i++)
            await journal.AppendAsync(Payload(origin, i), CancellationToken.None);
    }

    /// <summary>A digest of every record of an origin, in order: same digest, same records, no duplicates.</summary>
    public static async Task<(long Count, string Digest)> DigestAsync(IJournal journal, string origin)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        long after = 0;
        while (true)
        {
            var records = await journal.ReadAsync(origin, after, 10_000, CancellationToken.None);
            if (records.Count == 0)
                break;
            foreach (var r in records)
            {
                hash.AppendData(BitConverter.GetBytes(r.Sequence));
                hash.AppendData(BitConverter.GetBytes(r.Term));
                hash.AppendData(BitConverter.GetBytes(r.Timestamp.UtcTicks));
                hash.AppendData(r.Payload.Span);
                count++;
            }

            after = records[^1].Sequence;
        }

        return (count, Convert.ToHexString(hash.GetHashAndReset()));
    }
}
