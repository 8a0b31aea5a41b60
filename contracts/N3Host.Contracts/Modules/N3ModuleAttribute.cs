namespace N3Host.Contracts;

/// <summary>The manifest on a module type: its name (the plugin folder's name) and how it follows the node's role.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class N3ModuleAttribute(string name) : Attribute
{
    /// <summary>The module's name, as <c>module</c> in modules.json and the plugin folder's name.</summary>
    public string Name { get; } = name;

    /// <summary>How the module follows the node's role. Default: <see cref="RoleFollowing.ActiveOnly"/>.</summary>
    public RoleFollowing Follows { get; set; } = RoleFollowing.ActiveOnly;

    /// <summary>One line for <c>n3host modules</c>.</summary>
    public string? Description { get; set; }
}
