namespace N3Host.Cli;

/// <summary>n3host's exit codes (documented in docs/cli-and-api.md, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Bad command line or bad configuration (modules.json, plugins folder, unknown module, certificate files).</summary>
    public const int UsageOrConfig = 1;

    /// <summary>The node cannot be reached (not running, wrong port) or cannot run (its API port is in use).</summary>
    public const int NodeUnavailable = 2;

    /// <summary>The node refused the request (no redundancy module, no historian, failover refused, bad query).</summary>
    public const int Refused = 3;

    /// <summary>An unexpected error; the message says what, the log says more.</summary>
    public const int Unexpected = 4;
}
