using N3Host.Configuration;

namespace N3Host.Api.Security;

/// <summary>What the API's security keeps for the node's lifetime: its settings, the users file, the lockout, console links, the audit log.</summary>
internal sealed class SecurityState(NodeSettings node, AuditLog audit, TimeProvider time)
{
    public ApiSettings Settings { get; } = node.Api;

    public UserStore Users { get; } = new(node.DataDirectory);

    public LoginLockout Lockout { get; } = new(node.Api.LockoutFailures, node.Api.Lockout, time);

    public ConsoleTokens Tokens { get; } = new(time);

    public AuditLog Audit { get; } = audit;

    public TimeProvider Time { get; } = time;

    /// <summary>The node's <c>api</c> status section.</summary>
    public object Status()
    {
        int users;
        try
        {
            users = Users.Load().Count;
        }
        catch (IOException)
        {
            users = -1;
        }

        return new
        {
            bind = Settings.Bind.ToString(),
            scheme = Settings.IsOpen ? "https" : "http",
            users,
            auditLines = Audit.Written,
            auditLost = Audit.Lost,
        };
    }
}
