namespace N3Host.Testing;

/// <summary>What an <c>n3host</c> command printed and returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StdOut">Standard output.</param>
/// <param name="StdErr">Standard error.</param>
public sealed record CliResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => StdOut + StdErr;
}
