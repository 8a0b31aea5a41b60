namespace N3Host.Configuration;

/// <summary>A configuration that was refused (nothing changed).</summary>
/// <param name="At">When.</param>
/// <param name="Source">"reload", or "peer &lt;node&gt;".</param>
/// <param name="Message">What is wrong and where.</param>
internal sealed record ConfigurationError(DateTimeOffset At, string Source, string Message);
