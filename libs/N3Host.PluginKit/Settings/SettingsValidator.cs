using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace N3Host.PluginKit.Settings;

/// <summary>Validates an options type against the instance's settings as given: every bad setting, each in the one wording.</summary>
/// <typeparam name="T">The options type.</typeparam>
internal sealed class SettingsValidator<T>(IConfiguration settings) : IValidateOptions<T>
    where T : class, new()
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        // Bound again on a fresh object: a value that could not be parsed left the default on the bound one, and only binding says why.
        var problems = SettingsBinder.Bind(settings, new T());
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => p.ToString()));
    }
}
