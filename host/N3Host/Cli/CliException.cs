namespace N3Host.Cli;

/// <summary>A command failed; the message is shown as one line and the process exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException : Exception
{
    public CliException()
        : this("failed", ExitCodes.Unexpected)
    {
    }

    public CliException(string message)
        : this(message, ExitCodes.Unexpected)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Unexpected;
    }

    public CliException(string message, int exitCode)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
