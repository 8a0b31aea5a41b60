using N3Host.Contracts;

namespace NoModulePlugin;

/// <summary>Uses the contracts but offers no module type: the host must refuse this plugin with a clear message.</summary>
public static class TagNames
{
    public static TagValue Zero(string path) => TagValue.FromNumber(path, 0, DateTimeOffset.UnixEpoch);
}
