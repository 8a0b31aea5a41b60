namespace N3Host.Plugins;

/// <summary>What the host read from a plugin's assembly metadata, before loading it.</summary>
/// <param name="Name">The plugin's folder name.</param>
/// <param name="AssemblyPath">The path of <c>&lt;Name&gt;/&lt;Name&gt;.dll</c>.</param>
/// <param name="Version">The plugin assembly's version, if it could be read.</param>
/// <param name="ContractsVersion">The N3Host.Contracts version it references, if any.</param>
/// <param name="Problem">Why it cannot be loaded, or null when it passed the contracts check.</param>
internal sealed record PluginInspection(string Name, string AssemblyPath, Version? Version, Version? ContractsVersion, string? Problem);
