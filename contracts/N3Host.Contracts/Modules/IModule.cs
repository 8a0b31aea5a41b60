namespace N3Host.Contracts;

/// <summary>
/// A module: one plugin's unit of work. The host creates one object per configured instance
/// (constructor injection from the instance's container: <see cref="IModuleContext"/>, its services,
/// <see cref="Microsoft.Extensions.Logging.ILogger{T}"/>), then starts and stops it as the role gate says.
/// The constructor runs once per incarnation, whatever the node's role: register journals there.
/// A module that throws from its constructor, start or stop is faulted and recreated after a back-off.
/// </summary>
public interface IModule
{
    /// <summary>Starts the module. Long-running work goes into tasks the module owns and stops in <see cref="StopAsync"/>.</summary>
    Task StartAsync(IModuleContext context, CancellationToken cancellationToken);

    /// <summary>Stops the module; after it returns the module produces nothing until started again.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
