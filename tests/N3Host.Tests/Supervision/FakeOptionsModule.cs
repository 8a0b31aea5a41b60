using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using N3Host.Contracts;

namespace N3Host.Tests.Supervision;

/// <summary>A module whose options the host binds and validates (IConfigureServices) before it constructs the module.</summary>
[N3Module("FakeOptions")]
public sealed class FakeOptionsModule(IModuleContext context, IOptions<FakeOptions> options) : FakeModule(context), IConfigureServices
{
    public FakeOptions Options { get; } = options.Value;

    public static void ConfigureServices(IServiceCollection services, IConfiguration settings) =>
        services.AddOptions<FakeOptions>().Bind(settings)
            .Validate(o => o.PeriodMs is >= 10 and <= 60_000, "setting 'periodMs' must be a whole number in 10..60000")
            .Validate(o => o.Tag.Length > 0, "setting 'tag' must not be empty")
            .ValidateOnStart();
}
