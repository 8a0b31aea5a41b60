using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using N3Host.Plugins.MqttBroker;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Broker;

public sealed class BrokerSettingsTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> BadSettings => new()
    {
        { """{ "port": 0 }""", "port = 0 is out of range 1..65535" },
        { """{ "port": 65536 }""", "port = 65536 is out of range 1..65535" },
        { """{ "port": "mqtt" }""", "port = 'mqtt' is not a whole number" },
        { """{ "bindAddress": "localhost" }""", "bindAddress = 'localhost' is not an IP address" },
        { """{ "maxPendingMessagesPerClient": 999 }""", "maxPendingMessagesPerClient = 999 is out of range 1000..10000000" },
        { """{ "maxPendingMessagesPerClient": 10000001 }""", "maxPendingMessagesPerClient = 10000001 is out of range 1000..10000000" },
        { """{ "username": "scada" }""", "username and password must be given together (both or neither)" },
        { """{ "password": "x" }""", "username and password must be given together (both or neither)" },
        { """{ "prot": 1883 }""", "unknown setting 'prot' (known: port, bindAddress, username, password, maxPendingMessagesPerClient)" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_FailsStart_WithTheSettingAndItsAllowedRange(string settings, string expected)
    {
        using var context = new ModuleTestContext("MqttBroker", settings, "broker1", null, output);
        using var module = new MqttBrokerModule();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => module.StartAsync(context, CancellationToken.None));

        Assert.StartsWith("MqttBroker instance 'broker1' has invalid settings: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BindAddressThatIsNotOnThisMachine_FailsStart_SayingSo()
    {
        var port = FreePort.Get();
        using var context = new ModuleTestContext("MqttBroker", new { port, bindAddress = "192.0.2.55" }, "broker1", null, output);
        using var module = new MqttBrokerModule();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => module.StartAsync(context, CancellationToken.None));

        Assert.Contains($"cannot listen on 192.0.2.55:{port}: 192.0.2.55 is not an address of this machine", error.Message, StringComparison.Ordinal);
    }
}
