namespace N3Host.Contracts;

/// <summary>The type of a tag value.</summary>
public enum TagValueKind
{
    /// <summary>A double in <see cref="TagValue.Number"/>.</summary>
    Number = 0,

    /// <summary>A boolean: <see cref="TagValue.Number"/> is 1 or 0.</summary>
    Boolean = 1,

    /// <summary>A string in <see cref="TagValue.Text"/>.</summary>
    Text = 2,
}
