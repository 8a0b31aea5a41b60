namespace N3Host.PluginKit.Settings;

/// <summary>
/// Marks a property of an options type as one setting of a module instance (its key in modules.json), with its
/// allowed range. The default value is the property's initial value on the type: there is no other place for it.
/// </summary>
/// <param name="name">The setting's key in the instance's <c>settings</c> object (camelCase).</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class SettingAttribute(string name) : Attribute
{
    /// <summary>The setting's key.</summary>
    public string Name { get; } = name;

    /// <summary>The smallest allowed number (whole numbers, numbers, milliseconds); NaN: the type's own limit.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>The largest allowed number; NaN: the type's own limit.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>True when the setting must be given.</summary>
    public bool Required { get; set; }

    /// <summary>What a value must be, in words, where the type alone does not say it well (an address, a pattern).</summary>
    public string? Rule { get; set; }
}
