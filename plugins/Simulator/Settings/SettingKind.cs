namespace N3Host.Plugins.Simulator.Settings;

/// <summary>What a setting's value must look like.</summary>
internal enum SettingKind
{
    /// <summary>A whole number.</summary>
    Integer = 0,

    /// <summary>A whole number, 64 bits.</summary>
    LongInteger = 4,

    /// <summary>Any number.</summary>
    Number = 1,

    /// <summary>Text.</summary>
    Text = 2,

    /// <summary>A list (JSON array).</summary>
    List = 3,
}
