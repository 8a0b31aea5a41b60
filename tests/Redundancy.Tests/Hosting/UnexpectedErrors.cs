namespace N3Host.Plugins.Redundancy.Tests.Hosting;

/// <summary>Fails a test whose nodes logged an error it did not expect (a refused peer is expected in refusal tests).</summary>
internal static class UnexpectedErrors
{
    private static readonly string[] Expected = ["PeerRefused"];

    public static void ThrowIfAny(params TestLogger[] loggers)
    {
        var errors = loggers.SelectMany(l => l.Errors(Expected)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Unexpected error log:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        }
    }
}
