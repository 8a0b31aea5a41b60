using System.Text.RegularExpressions;

namespace Links.Tests.Hosting;

/// <summary>Tag path patterns as the contracts define them: <c>*</c> any run, <c>?</c> one character.</summary>
public static class GlobPattern
{
    public static Regex ToRegex(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}
