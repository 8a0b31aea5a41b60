using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Roles;

namespace N3Host.Service;

/// <summary>
/// What the node tells its service manager (sd_notify(3) over <c>NOTIFY_SOCKET</c>, as a <c>Type=notify</c> systemd unit expects):
/// <c>READY=1</c> once every <c>Always</c> module has started and the role is known, <c>STOPPING=1</c> when it begins to stop, and a
/// <c>STATUS=</c> line for <c>systemctl status</c>. It notifies whenever <c>NOTIFY_SOCKET</c> is set, whoever the parent is; without
/// it, nothing is sent.
/// </summary>
internal sealed class ServiceNotifications(ISystemdNotifier notifier, RoleGate gate, ILogger logger)
{
    /// <summary>True when a service manager listens (<c>NOTIFY_SOCKET</c> is set).</summary>
    public bool Enabled => notifier.IsEnabled;

    /// <summary>
    /// Call once the supervisor has started every <c>Always</c> module: says <c>READY=1</c> as soon as the role is known (at once on a
    /// standalone node; when the redundancy instance has decided on a primary or backup), or nothing if the node stops first.
    /// </summary>
    public async Task ReadyWhenRoleKnownAsync(CancellationToken stopping)
    {
        if (!notifier.IsEnabled)
        {
            return;
        }

        var decided = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, RoleState state)
        {
            if (gate.Decided)
            {
                decided.TrySetResult();
            }
        }

        gate.Changed += OnChanged;
        try
        {
            if (gate.Decided)
            {
                decided.TrySetResult();
            }
            else
            {
                Send($"STATUS=modules started; waiting for the redundancy instance to decide the role ({gate.Current.Reason})");
            }

            await decided.Task.WaitAsync(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            gate.Changed -= OnChanged;
        }

        var role = gate.Current;
        Send($"READY=1\nSTATUS={Describe(role)}");
        ServiceLog.Ready(logger, Describe(role));
    }

    /// <summary>The node begins to stop.</summary>
    public void Stopping() => Send("STOPPING=1\nSTATUS=stopping");

    private static string Describe(RoleState role) =>
        $"{role.Mode.ToString().ToLowerInvariant()}, {role.Role.ToString().ToLowerInvariant()} (term {role.Term}): {role.Reason}";

    private void Send(string message)
    {
        try
        {
            notifier.Notify(new ServiceState(message));
        }
        catch (System.Net.Sockets.SocketException e)
        {
            // The service manager went away (or the socket is not one): the node runs on regardless.
            ServiceLog.NotifyFailed(logger, e.Message);
        }
    }
}
