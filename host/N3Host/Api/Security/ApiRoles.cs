namespace N3Host.Api.Security;

/// <summary>The console's roles, each allowed what the one before it is, and more.</summary>
internal static class ApiRoles
{
    /// <summary>Reads everything: status, tags, history, certificates.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also runs the pair: failover, failback, the drill.</summary>
    public const string Operator = "operator";

    /// <summary>Also changes the node: reload, pairing, console links.</summary>
    public const string Admin = "admin";

    public static readonly string[] All = [Viewer, Operator, Admin];

    /// <summary>The authorization policies, named after the least role they need.</summary>
    public static class Policies
    {
        public const string Viewer = ApiRoles.Viewer;
        public const string Operator = ApiRoles.Operator;
        public const string Admin = ApiRoles.Admin;
    }

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
