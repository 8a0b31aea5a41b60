namespace N3Host.Plugins.Redundancy;

/// <summary>Versions as people write them: 0.1.0, not 0.1.0.0.</summary>
internal static class VersionText
{
    public static string Of(Version version) => version.Build >= 0 ? version.ToString(3) : version.ToString();
}
