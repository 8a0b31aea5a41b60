using System.Text.Json;
using N3Host.Contracts;

namespace N3Host.Configuration;

/// <summary>
/// The shared part's revision, kept in the node's data folder (<c>config-revision.json</c>) with the hash of the file's shared
/// part when it was last seen, so an edit made while the node was stopped is found at the next start.
/// </summary>
internal sealed class RevisionStore(string dataDirectory)
{
    public const string FileName = "config-revision.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath { get; } = Path.Combine(dataDirectory, FileName);

    /// <summary>The stored state, or null if there is none (first start) or it cannot be read (then it is made anew).</summary>
    public StoredRevision? Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<StoredRevision>(File.ReadAllText(FilePath), Json) : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the state atomically (temporary file, then rename).</summary>
    public void Save(StoredRevision state) => AtomicFile.Write(FilePath, JsonSerializer.Serialize(state, Json), keepPrevious: false);
}
