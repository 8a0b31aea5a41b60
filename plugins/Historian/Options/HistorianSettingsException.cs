namespace N3Host.Plugins.Historian.Options;

/// <summary>A historian instance's settings are wrong; the message names the instance, the setting and the allowed values.</summary>
public sealed class HistorianSettingsException : Exception
{
    /// <summary>Creates the error.</summary>
    public HistorianSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    public HistorianSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the error.</summary>
    public HistorianSettingsException()
    {
    }
}
