namespace N3Host.Plugins.Redundancy.Options;

/// <summary>A redundancy setting is missing or wrong; the message names the setting, the value and what is allowed.</summary>
public sealed class RedundancySettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedundancySettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RedundancySettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RedundancySettingsException()
    {
    }
}
