using N3Host.Plugins.Simulator.Generators;

namespace N3Host.Plugins.Simulator.Settings;

/// <summary>The names of the generator types in settings: ramp, sine, randomWalk, counter, square.</summary>
public static class TypeNames
{
    /// <summary>Every name, in <see cref="GeneratorType"/> order.</summary>
    public static IReadOnlyList<string> All { get; } = ["ramp", "sine", "randomWalk", "counter", "square"];

    /// <summary>The settings name of a type.</summary>
    public static string Of(GeneratorType type) => All[(int)type];

    /// <summary>The type with that name (case-insensitive).</summary>
    public static bool TryParse(string? name, out GeneratorType type)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                type = (GeneratorType)i;
                return true;
            }
        }

        type = default;
        return false;
    }
}
