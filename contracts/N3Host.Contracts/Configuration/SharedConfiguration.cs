namespace N3Host.Contracts;

/// <summary>The shared part of a node's modules.json with its revision, as one node sends it to the other.</summary>
/// <param name="Revision">The revision.</param>
/// <param name="ModulesJson">
/// The shared module instances as a JSON array, in file order, each with all its settings (the node-local ones too: a node
/// that does not have the instance yet starts from them).
/// </param>
public sealed record SharedConfiguration(ConfigurationRevision Revision, string ModulesJson);
