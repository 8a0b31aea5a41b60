using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using N3Host.Api;
using N3Host.Api.Security;
using N3Host.Certificates;
using N3Host.Cli;
using N3Host.Configuration;
using N3Host.Contracts;
using N3Host.Monitoring;
using N3Host.Node;
using N3Host.OperatorConsole;
using N3Host.Pairing;
using N3Host.Plugins;
using N3Host.Roles;
using N3Host.Service;
using N3Host.Status;
using N3Host.Supervision;

namespace N3Host.Hosting;

/// <summary><c>n3host run</c>: reads the configuration, checks and loads the plugins, opens the management API, runs the modules until SIGTERM or Ctrl-C.</summary>
internal static class NodeHost
{
    public static async Task<int> RunAsync(string? configPath, string? pluginsDirectory, CancellationToken cancellationToken)
    {
        var config = ConfigurationLoader.Load(ConfigPathResolver.Resolve(configPath));
        var catalog = PluginCatalog.Discover(pluginsDirectory, ContractsCompatibility.HostContractsVersion);
        var definitions = ModuleResolver.Resolve(config, catalog);
        CreateDataDirectory(config);
        var time = TimeProvider.System;

        // The certificate (PEM parsing, a PKCS#12 round trip) loads while the web host is built: a faster cold start.
        var certificateLoad = Task.Run(() =>
        {
            var loaded = NodeCertificateStore.LoadOrCreate(config.Node.DataDirectory, config.Node.Name, time, out var isNew);
            return (Certificate: loaded, Created: isNew);
        }, cancellationToken);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory, ApplicationName = "n3host" });
        ConfigureLogging(builder.Logging);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(60));

        // Run by the Windows service control manager: report started and stopping to it (nothing elsewhere).
        builder.Services.AddWindowsService(o => o.ServiceName = WindowsService.Name);
        ManagementApi.Listen(builder, config.Node, () => certificateLoad.Result.Certificate.Certificate);
        string secret;
        try
        {
            secret = LoadSecret(config);
        }
        catch (ConfigurationException)
        {
            // On a first start the certificate is made at the same time: on a full or read-only disk its error, the one the docs show, comes first.
            await certificateLoad;
            throw;
        }

        ApiSecurity.AddServices(builder.Services, config.Node, secret, time);
        var readiness = new HealthEndpoints.ReadinessCheck();
        HealthEndpoints.AddServices(builder.Services, readiness);
        MetricsEndpoint.AddServices(builder.Services, config.Node.Name, HostVersions.HostText);
        await using var app = builder.Build();
        var security = app.Services.GetRequiredService<SecurityState>();
        ApiSecurity.UseHostChecks(app);
        ConsoleEndpoints.UseAssets(app);
        ApiSecurity.UseAuthentication(app, security);

        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger("N3Host");
        NodeLog.Starting(logger, HostVersions.HostText, HostVersions.ContractsText, config.Node.Name, config.ConfigPath, config.Node.DataDirectory, catalog.Directory);
        var (loadedCertificate, created) = await certificateLoad;
        using var certificate = loadedCertificate;
        if (created)
        {
            NodeLog.CertificateCreated(logger, Path.Combine(config.Node.DataDirectory, "certs"), certificate.Fingerprint);
        }
        else
        {
            NodeLog.CertificateLoaded(logger, certificate.Fingerprint);
        }

        var node = new NodeInfo(config.Node.Name, config.Node.DataDirectory, HostVersions.Host, ContractsCompatibility.HostContractsVersion, config.ConfigPath);
        var runtime = new NodeRuntime(node, certificate, loggerFactory, time, InitialRole.From(config, time));
        using var metrics = new NodeMetrics(node, HostVersions.HostText, runtime.RoleGate, runtime.ModuleStates);
        var nodeContext = new NodeContext(config, catalog, definitions, runtime);
        await using var pairing = new PairingService(nodeContext, certificate, time, loggerFactory.CreateLogger("N3Host.Pairing"));
        nodeContext.Pairing = pairing;
        runtime.Services.AddStatus("api", security.Status);
        LoginEndpoints.Map(app, security, config.Node.Name);
        ManagementApi.Map(app, nodeContext);
        HealthEndpoints.Map(app);
        MetricsEndpoint.Map(app);
        readiness.Attach(() => NodeReadiness.Of(runtime.RoleGate, nodeContext.Definitions, runtime.ModuleStates.Current));
        ConsoleEndpoints.Map(app, nodeContext);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (IsAddressInUse(e))
        {
            throw new CliException(
                $"port {config.Node.ApiPort} on {config.Node.Api.Bind} is in use: is another n3host running with this configuration? ({config.ConfigPath}, node.apiPort)",
                ExitCodes.NodeUnavailable);
        }
        catch (Exception e) when (e is IOException or SocketException && Is(e, SocketError.AddressNotAvailable))
        {
            throw new ConfigurationException(
                $"{config.ConfigPath}: node.api.bind: {config.Node.Api.Bind} is not an address of this machine (n3host interfaces lists them; 0.0.0.0 is every IPv4 address)", e);
        }

        var url = ManagementApi.BaseAddress(config.Node).ToString();
        await using var supervisor = new ModuleSupervisor(definitions, runtime, config.Supervisor);
        using var configuration = new SharedConfigurationService(nodeContext, supervisor, time, loggerFactory.CreateLogger("N3Host.Configuration"));
        runtime.Services.Add<ISharedConfiguration>(configuration);
        runtime.Services.AddStatus("configuration", configuration.Status);
        nodeContext.Configuration = configuration;
        var status = NodeStatusService.AttachIfEnabled(config.Mqtt, runtime, HostVersions.HostText, loggerFactory.CreateLogger("N3Host.Status"));
        await supervisor.StartAsync(cancellationToken);
        status?.Connect();
        var states = runtime.ModuleStates.Current;
        NodeLog.Running(logger, node.Name, states.Count(s => s.State == ModuleState.Active), states.Count, url);
        var service = new ServiceNotifications(new SystemdNotifier(), runtime.RoleGate, loggerFactory.CreateLogger("N3Host.Service"));
        var ready = service.ReadyWhenRoleKnownAsync(app.Lifetime.ApplicationStopping);

        await WaitForStopAsync(app.Lifetime.ApplicationStopping);
        service.Stopping();
        await ready;
        NodeLog.Stopping(logger, node.Name);
        await supervisor.StopAsync(CancellationToken.None);
        await (status?.StopAsync(CancellationToken.None) ?? Task.CompletedTask);
        await app.StopAsync(CancellationToken.None);
        NodeLog.Stopped(logger, node.Name);
        return ExitCodes.Ok;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (SystemdHelpers.IsSystemdService())
        {
            // Run by systemd: one line per message with its syslog priority (<6>, <4>, ...), which journald reads; journald adds the time.
            logging.AddSystemdConsole(o => o.UseUtcTimestamp = true);
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }

        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);

        // "No XML encryptor configured": the session keys are kept like the node's private key, in an owner-only folder of the data folder.
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);

        // A failed start (the API port in use) is reported once, as one line, by the CLI: not as a logged stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    }

    private static string LoadSecret(NodeConfiguration config)
    {
        try
        {
            return ApiSecret.LoadOrCreate(config.Node.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{config.ConfigPath}: node.dataDirectory: the API secret {ApiSecret.PathIn(config.Node.DataDirectory)} cannot be read or made: {e.Message}", e);
        }
    }

    private static void CreateDataDirectory(NodeConfiguration config)
    {
        try
        {
            Directory.CreateDirectory(config.Node.DataDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"{config.ConfigPath}: node.dataDirectory: {config.Node.DataDirectory} cannot be created: {e.Message}", e);
        }
    }

    private static async Task WaitForStopAsync(CancellationToken stopping)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = stopping.Register(() => stopped.TrySetResult());
        await stopped.Task;
    }

    private static bool Is(Exception e, SocketError error)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket && socket.SocketErrorCode == error)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAddressInUse(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is AddressInUseException || current is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
