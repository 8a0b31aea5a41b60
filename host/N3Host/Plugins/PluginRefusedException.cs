namespace N3Host.Plugins;

/// <summary>A plugin failed a check or could not be loaded; the message says why.</summary>
internal sealed class PluginRefusedException : Exception
{
    public PluginRefusedException()
    {
    }

    public PluginRefusedException(string message)
        : base(message)
    {
    }

    public PluginRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
