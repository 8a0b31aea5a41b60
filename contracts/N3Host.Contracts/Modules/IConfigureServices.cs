using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace N3Host.Contracts;

/// <summary>
/// A module type that adds services to its instance's container before the host constructs it: typically its options,
/// bound from the instance's settings and validated at start (<c>services.AddOptions&lt;T&gt;().Bind(...).Validate(...).ValidateOnStart()</c>),
/// then taken as <c>IOptions&lt;T&gt;</c> by the module's constructor. When a validation fails the instance faults with
/// every failure, each prefixed with the file and the instance, and its module is not constructed.
/// </summary>
public interface IConfigureServices
{
    /// <summary>Adds the module's services for one instance, whose <c>settings</c> object is <paramref name="settings"/>.</summary>
    static abstract void ConfigureServices(IServiceCollection services, IConfiguration settings);
}
