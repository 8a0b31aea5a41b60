namespace N3Host.Plugins.Simulator.Settings;

/// <summary>The default random seed of a tag: FNV-1a (32 bit) over the path's UTF-16 code units, so it is stable across runs and nodes.</summary>
public static class PathSeed
{
    /// <summary>The seed for a path.</summary>
    public static long Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var hash = 2166136261u;
        foreach (var c in path)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }
}
