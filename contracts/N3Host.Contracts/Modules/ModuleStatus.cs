namespace N3Host.Contracts;

/// <summary>One module instance's state, as shown in status and published over MQTT.</summary>
/// <param name="Instance">The instance name from modules.json.</param>
/// <param name="Module">The module name.</param>
/// <param name="Version">The plugin's version, when it was loaded.</param>
/// <param name="State">The lifecycle state.</param>
/// <param name="LastError">The last error, if any.</param>
/// <param name="Since">When it entered this state.</param>
public sealed record ModuleStatus(string Instance, string Module, string? Version, ModuleState State, string? LastError, DateTimeOffset Since);
