using Microsoft.Extensions.Options;
using N3Host.Plugins.MqttBroker.Settings;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using N3Host.Plugins.MqttBroker;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Broker;

public sealed class BrokerSettingsTests(ITestOutputHelper output)
{
    private const string Where = "modules.json: instance 'broker1': ";

    public static TheoryData<string, string> BadSettings => new()
    {
        { """{ "port": 0 }""", "setting 'port' = '0' must be a whole number in 1..65535" },
        { """{ "port": 65536 }""", "setting 'port' = '65536' must be a whole number in 1..65535" },
        { """{ "port": "mqtt" }""", "setting 'port' = 'mqtt' must be a whole number in 1..65535" },
        { """{ "bindAddress": "localhost" }""", "setting 'bindAddress' = 'localhost' must be an IP address (127.0.0.1 for this machine only, 0.0.0.0 for every interface, or one of this machine's addresses)" },
        { """{ "maxPendingMessagesPerClient": 999 }""", "setting 'maxPendingMessagesPerClient' = '999' must be a whole number in 1000..10000000" },
        { """{ "maxPendingMessagesPerClient": 10000001 }""", "setting 'maxPendingMessagesPerClient' = '10000001' must be a whole number in 1000..10000000" },
        { """{ "username": "scada" }""", "setting 'password' is missing: it must be given together with username (both or neither)" },
        { """{ "password": "x" }""", "setting 'username' is missing: it must be given together with password (both or neither)" },
        { """{ "prot": 1883 }""", "setting 'prot' = '1883' is not a setting here; known: port, bindAddress, username, password, maxPendingMessagesPerClient" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void BadSetting_FaultsTheInstance_WithFileInstanceSettingValueAndAllowedRange(string settings, string expected)
    {
        using var context = new ModuleTestContext("MqttBroker", settings, "broker1", null, output);

        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<MqttBrokerModule>(context));

        Assert.Equal([Where + expected], error.Failures);
    }

    [Fact]
    public void TwoBadSettings_AreBothReported_AtOnce()
    {
        using var context = new ModuleTestContext("MqttBroker", new { port = 0, maxPendingMessagesPerClient = 5 }, "broker1", null, output);

        var error = Assert.Throws<OptionsValidationException>(() => ModuleFactory.Create<MqttBrokerModule>(context));

        Assert.Equal(
            [Where + "setting 'port' = '0' must be a whole number in 1..65535", Where + "setting 'maxPendingMessagesPerClient' = '5' must be a whole number in 1000..10000000"],
            error.Failures);
    }

    [Fact]
    public void NoSettings_BindTheDefaultsOfTheOptionsType()
    {
        using var context = new ModuleTestContext("MqttBroker", null, "broker1", null, output);

        var plan = ModuleFactory.Options<MqttBrokerModule, BrokerOptions>(context).ToPlan();

        var defaults = new BrokerOptions();
        Assert.Equal(new BrokerPlan(defaults.Port, System.Net.IPAddress.Parse(defaults.BindAddress), null, defaults.MaxPendingMessagesPerClient), plan);
    }

    [Fact]
    public async Task BindAddressThatIsNotOnThisMachine_FailsStart_SayingSo()
    {
        var port = FreePort.Get();
        using var context = new ModuleTestContext("MqttBroker", new { port, bindAddress = "192.0.2.55" }, "broker1", null, output);
        using var module = ModuleFactory.Create<MqttBrokerModule>(context);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => module.StartAsync(context, CancellationToken.None));

        Assert.Contains($"cannot listen on 192.0.2.55:{port}: 192.0.2.55 is not an address of this machine", error.Message, StringComparison.Ordinal);
    }
}
