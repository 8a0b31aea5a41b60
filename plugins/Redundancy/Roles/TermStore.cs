using System.Globalization;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The node's redundancy term, kept in <c>term</c> in the instance's data folder, written atomically (temp file, flush, rename).</summary>
internal sealed class TermStore(string dataDirectory)
{
    public string FilePath { get; } = Path.Combine(dataDirectory, "term");

    public long Load()
    {
        if (!File.Exists(FilePath))
        {
            return 0;
        }

        var text = File.ReadAllText(FilePath).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var term)
            ? term
            : throw new InvalidDataException($"{FilePath}: holds '{text}', not a term number; delete the file to start again from term 0 (the pair agrees on the term at the next pairing).");
    }

    public void Save(long term)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temp = FilePath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.ASCII.GetBytes(term.ToString(CultureInfo.InvariantCulture)));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, FilePath, overwrite: true);
    }
}
