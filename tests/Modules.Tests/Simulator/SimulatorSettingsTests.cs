using N3Host.Modules.Tests.Hosting;
using N3Host.Plugins.Simulator;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Simulator;

public sealed class SimulatorSettingsTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { """{ "periodMs": 5 }""", "periodMs = 5 is out of range 10..3600000" },
        { """{ "periodMs": 3600001 }""", "periodMs = 3600001 is out of range 10..3600000" },
        { """{ "count": 100001 }""", "count = 100001 is out of range 0..100000" },
        { """{ "count": -1 }""", "count = -1 is out of range 0..100000" },
        { """{ "count": 10, "pathPrefix": " " }""", "pathPrefix must not be empty when count > 0" },
        { """{ "peroidMs": 100 }""", "unknown setting 'peroidMs' (known: periodMs, tags, count, pathPrefix)" },
        { """{ "periodMs": "fast" }""", "periodMs = 'fast' is not a whole number" },
        { """{ "periodMs": 1e99 }""", "periodMs = '1e99' is not a whole number" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "max": "high" } ] }""", "tags[0].max = 'high' is not a number" },
        { """{ "tags": "all" }""", "tags = 'all' is not a list" },
        { """{ "tags": [ "sim/t1" ] }""", "tags[0] = 'sim/t1' is not an object like { \"path\": \"sim/t1\", \"type\": \"ramp\" }" },
        { """{ "tags": [ { "path": "a", "type": "sawtooth" } ] }""", "tags[0].type = 'sawtooth' is not one of ramp, sine, randomWalk, counter, square" },
        { """{ "tags": [ { "type": "ramp" } ] }""", "tags[0].path is required" },
        { """{ "tags": [ { "path": "a", "type": "sine", "periodSeconds": 0 } ] }""", "tags[0].periodSeconds = 0 is out of range 0.01..604800" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "min": 5, "max": 5 } ] }""", "tags[0].min (5) must be less than tags[0].max (5)" },
        { """{ "tags": [ { "path": "a", "type": "sine", "amplitude": -1 } ] }""", "tags[0].amplitude = -1 is out of range 0..1000000000000" },
        { """{ "tags": [ { "path": "a", "type": "counter", "step": 0 } ] }""", "tags[0].step = 0 is out of range greater than 0 and at most max - min: 0 (exclusive)..1000000" },
        { """{ "tags": [ { "path": "a", "type": "randomWalk", "min": 0, "max": 10, "step": 11 } ] }""", "tags[0].step = 11 is out of range greater than 0 and at most max - min: 0 (exclusive)..10" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "amplitude": 3 } ] }""", "tags[0].amplitude does not apply to type ramp (it takes min, max, periodSeconds)" },
        { """{ "tags": [ { "path": "a", "type": "ramp", "colour": 3 } ] }""", "unknown setting 'tags[0].colour'" },
        { """{ "tags": [ { "path": "a", "type": "ramp" }, { "path": "a", "type": "sine" } ] }""", "tag path 'a' is used more than once" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_FailsStart_WithTheSettingAndItsAllowedRange(string settings, string expected)
    {
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);
        using var module = new SimulatorModule();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => module.StartAsync(context, CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.StartsWith("Simulator instance 'sim1' has invalid settings: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Null(context.Bus.GetLatest().FirstOrDefault().Path);
    }

    [Fact]
    public async Task SeveralBadSettings_AreAllNamedInOneMessage()
    {
        const string settings = """{ "periodMs": 1, "tags": [ { "path": "a", "type": "ramp", "periodSeconds": -3 } ] }""";
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);
        using var module = new SimulatorModule();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => module.StartAsync(context, CancellationToken.None));

        Assert.Contains("periodMs = 1 is out of range 10..3600000", error.Message, StringComparison.Ordinal);
        Assert.Contains("tags[0].periodSeconds = -3 is out of range 0.01..604800", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "periodMs": 10 }""")]
    [InlineData("""{ "tags": [], "count": 0 }""")]
    [InlineData("""{ "periodMs": 3600000, "count": 100000 }""")]
    [InlineData("""{ "PERIODMS": 250, "Tags": [ { "Path": "x", "Type": "RandomWalk", "Seed": -7 } ] }""")]
    public async Task SettingsAtTheEdgesOfTheirRanges_AreAccepted(string settings)
    {
        using var context = new ModuleTestContext("Simulator", settings, "sim1", null, output);
        using var module = new SimulatorModule();

        await module.StartAsync(context, CancellationToken.None);
        await module.StopAsync(CancellationToken.None);

        Assert.Empty(context.Faults);
    }
}
