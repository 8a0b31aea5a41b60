using System.Text.Json;

namespace N3Host.Plugins.Links;

/// <summary>What the disk buffer keeps besides its segments: its stream id and the highest acknowledged sequence.</summary>
internal sealed record BufferState(Guid StreamId, long Acknowledged)
{
    public const string FileName = "stream.json";

    public static BufferState? Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<BufferState>(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the link buffer's state file '{path}' is damaged ({ex.Message}); move it away to start a new stream", ex);
        }
    }

    /// <summary>Writes atomically: temp file, flush to disk, rename.</summary>
    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
