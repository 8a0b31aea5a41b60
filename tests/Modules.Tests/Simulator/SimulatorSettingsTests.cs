using Microsoft.Extensions.Options;
using N3Host.Modules.Tests.Hosting;
using N3Host.Plugins.Simulator;
using N3Host.Plugins.Simulator.Settings;
using N3Host.Testing.Harness;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Simulator;

public sealed class SimulatorSettingsTests(ITestOutputHelper output)
{
    private const string Where = "modules.json: instance 'sim1': ";

    public static TheoryData<string, string> BadSettings => new()
    {
        { """{ "periodMs": 5 }""", "setting 'periodMs' = '5' must be a whole number in 10..3600000" },
        { """{ "periodMs": 3600001 }""", "setting 'periodMs' = '3600001' must be a whole number in 10..3600000" },
        { """{ "count": 100001 }""", "setting 'count' = '100001' must be a whole number in 0..100000" },
        { """{ "count": -1 }""", "setting 'count' = '-1' must be a whole number in 0..100000" },
        { """{ "count": 10, "pathPrefix": " " }""", "setting 'pathPrefix' = ' ' must be a path prefix, not empty when count > 0" },
        { """{ "peroidMs": 100 }""", "setting 'peroidMs' = '100' is not a setting here; known: periodMs, tags, count, pathPrefix" },
        { """{ "periodMs": "fast" }""", "setting 'periodMs' = 'fast' must be a whole number in 10..3600000" },
        { """{ "periodMs": 1e99 }""", "setting 'periodMs' = '1e99' must be a whole number in 10..3600000" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "max": "high" } ] }""", "setting 'tags[0].max' = 'high' must be a number in -1000000000000..1000000000000" },
        { """{ "tags": "all" }""", "setting 'tags' = 'all' must be a list of objects with the settings path, type, min, max, amplitude, offset, periodSeconds, step, seed" },
        { """{ "tags": [ "sim/t1" ] }""", "setting 'tags[0]' = 'sim/t1' must be an object with the settings path, type, min, max, amplitude, offset, periodSeconds, step, seed" },
        { """{ "tags": [ { "path": "a", "type": "sawtooth" } ] }""", "setting 'tags[0].type' = 'sawtooth' must be one of ramp, sine, randomWalk, counter, square" },
        { """{ "tags": [ { "type": "ramp" } ] }""", "setting 'tags[0].path' is missing: it must be a tag path such as sim/t1" },
        { """{ "tags": [ { "path": "a", "type": "sine", "periodSeconds": 0 } ] }""", "setting 'tags[0].periodSeconds' = '0' must be a number in 0.01..604800" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "min": 5, "max": 5 } ] }""", "setting 'tags[0].min' = '5' must be less than tags[0].max (5)" },
        { """{ "tags": [ { "path": "a", "type": "sine", "amplitude": -1 } ] }""", "setting 'tags[0].amplitude' = '-1' must be a number in 0..1000000000000" },
        { """{ "tags": [ { "path": "a", "type": "counter", "step": 0 } ] }""", "setting 'tags[0].step' = '0' must be a number greater than 0 and at most max - min (1000000)" },
        { """{ "tags": [ { "path": "a", "type": "randomWalk", "min": 0, "max": 10, "step": 11 } ] }""", "setting 'tags[0].step' = '11' must be a number greater than 0 and at most max - min (10)" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "amplitude": 3 } ] }""", "setting 'tags[0].amplitude' = '3' must be left out: it does not apply to type ramp (it takes min, max, periodSeconds)" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "colour": 3 } ] }""", "setting 'tags[0].colour' = '3' is not a setting here; known: path, type, min, max, amplitude, offset, periodSeconds, step, seed" },
        { """{ "tags": [ { "path": "a", "type": "ramp" }, { "path": "a", "type": "sine" } ] }""", "setting 'tags[1].path' = 'a' is used by another tag (a tag path must be unique)" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSetting_FaultsTheInstance_WithFileInstanceSettingValueAndAllowedRange(string settings, string expected)
    {
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);

        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<SimulatorModule>(context));

        output.WriteLine(error.Message);
        Assert.Equal([Where + expected], error.Failures);
        Assert.Null(context.Bus.GetLatest().FirstOrDefault().Path);
    }

    [Fact]
    public void TwoBadSettings_AreBothReported_AtOnce()
    {
        const string settings = """{ "periodMs": 1, "tags": [ { "path": "a", "type": "ramp", "periodSeconds": -3 } ] }""";
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);

        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<SimulatorModule>(context));

        Assert.Equal(
            [Where + "setting 'periodMs' = '1' must be a whole number in 10..3600000", Where + "setting 'tags[0].periodSeconds' = '-3' must be a number in 0.01..604800"],
            error.Failures);
    }

    [Fact]
    public void NoSettings_BindTheDefaultsOfTheOptionsType()
    {
        using var context = new ModuleTestContext("Simulator", "{}", "sim1", null, output);
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        SimulatorModule.ConfigureServices(services, context.Settings);

        var options = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services)
            .GetService(typeof(IOptions<SimulatorOptions>)) as IOptions<SimulatorOptions>;

        var defaults = new SimulatorOptions();
        Assert.Equal(defaults.PeriodMs, options!.Value.PeriodMs);
        Assert.Equal(defaults.PathPrefix, options.Value.PathPrefix);
        Assert.Equal(SimulatorOptions.DefaultTags, options.Value.ToPlan().Tags);
    }

    [Theory]
    [InlineData("""{ "periodMs": 10 }""")]
    [InlineData("""{ "tags": [], "count": 0 }""")]
    [InlineData("""{ "periodMs": 3600000, "count": 100000 }""")]
    [InlineData("""{ "PERIODMS": 250, "Tags": [ { "Path": "x", "Type": "RandomWalk", "Seed": -7 } ] }""")]
    public async Task SettingsAtTheEdgesOfTheirRanges_AreAccepted(string settings)
    {
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);
        using var module = ModuleFactory.Create<SimulatorModule>(context);

        await module.StartAsync(context, CancellationToken.None);
        await module.StopAsync(CancellationToken.None);

        Assert.Empty(context.Faults);
    }
}
