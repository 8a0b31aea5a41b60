using System.Globalization;

namespace N3Host.Service;

/// <summary>
/// The systemd unit of a node (<c>n3host.service</c>): <c>Type=notify</c>, restarted always, run as the dedicated user
/// <c>n3host</c> with its configuration and data in <c>/var/lib/n3host</c> (the only place it may write), and the usual hardening.
/// The same text is shipped in the install as <c>n3host.service</c> for an install in <c>/opt/n3host</c>.
/// </summary>
internal static class SystemdUnit
{
    public const string Name = "n3host.service";
    public const string User = "n3host";
    public const string StateDirectory = "/var/lib/n3host";
    public const string UnitDirectory = "/etc/systemd/system";
    public const string DefaultInstallDirectory = "/opt/n3host";

    /// <summary>The node's modules.json when run as the service.</summary>
    public static string ConfigPath => StateDirectory + "/modules.json";

    /// <summary>The unit for the n3host installed in <paramref name="installDirectory"/>.</summary>
    public static string Render(string installDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(installDirectory);
        var folder = installDirectory.TrimEnd('/');
        return string.Create(CultureInfo.InvariantCulture, $"""
            # N3Host node as a systemd service (written by `n3host service install`; see docs/installation.md).
            # Its configuration and data are in {StateDirectory}: modules.json, and the data folder it names ("data").
            [Unit]
            Description=N3Host edge node
            Wants=network-online.target
            After=network-online.target

            [Service]
            Type=notify
            NotifyAccess=main
            ExecStart={folder}/n3host run --config {ConfigPath}
            WorkingDirectory={StateDirectory}
            User={User}
            Group={User}
            StateDirectory=n3host
            StateDirectoryMode=0750
            UMask=0027
            Restart=always
            RestartSec=2s
            TimeoutStartSec=5min
            TimeoutStopSec=90s
            Environment=DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

            # Hardening: the node writes nowhere but {StateDirectory}, and gains no privilege.
            NoNewPrivileges=yes
            ProtectSystem=strict
            ProtectHome=yes
            PrivateTmp=yes
            PrivateDevices=yes
            ProtectKernelTunables=yes
            ProtectKernelModules=yes
            ProtectKernelLogs=yes
            ProtectControlGroups=yes
            ProtectClock=yes
            ProtectHostname=yes
            RestrictSUIDSGID=yes
            RestrictRealtime=yes
            RestrictNamespaces=yes
            LockPersonality=yes
            CapabilityBoundingSet=
            AmbientCapabilities=
            SystemCallArchitectures=native
            RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

            [Install]
            WantedBy=multi-user.target

            """);
    }
}
