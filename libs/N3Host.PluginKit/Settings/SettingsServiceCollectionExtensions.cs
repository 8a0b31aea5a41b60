using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace N3Host.PluginKit.Settings;

/// <summary>Registers a module's options in its instance container, the one way every module does it.</summary>
public static class SettingsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from the instance's <paramref name="settings"/> by its <see cref="SettingAttribute"/>
    /// properties and validates it when the host builds the container (<c>ValidateOnStart</c>): every bad setting is
    /// reported at once, and the instance faults before its module is constructed.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration settings)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(settings));
        return services.AddOptions<T>().Configure(options => SettingsBinder.Bind(settings, options)).ValidateOnStart();
    }
}
