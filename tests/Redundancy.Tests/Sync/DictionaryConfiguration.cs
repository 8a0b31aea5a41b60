using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace N3Host.Plugins.Redundancy.Sync.Tests;

/// <summary>A flat settings section for option tests (keys are the section's own keys).</summary>
public sealed class DictionaryConfiguration(Dictionary<string, string?> values) : IConfiguration
{
    public string? this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : null;
        set => values[key] = value;
    }

    public IEnumerable<IConfigurationSection> GetChildren() => [];

    public IChangeToken GetReloadToken() => new CancellationChangeToken(CancellationToken.None);

    public IConfigurationSection GetSection(string key) => throw new NotSupportedException("flat test configuration: no sub-sections");
}
