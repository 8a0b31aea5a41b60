namespace N3Host.Tags;

/// <summary>Tag path patterns: <c>*</c> matches any run of characters (also none), <c>?</c> exactly one; everything else literally.</summary>
internal static class TagPattern
{
    public static bool IsMatch(string pattern, string path)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(path);
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < path.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == path[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool IsMatchAny(IReadOnlyList<string> patterns, string path)
    {
        if (patterns.Count == 0)
        {
            return true;
        }

        foreach (var pattern in patterns)
        {
            if (IsMatch(pattern, path))
            {
                return true;
            }
        }

        return false;
    }
}
