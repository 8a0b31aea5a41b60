using Microsoft.Extensions.Options;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using N3Host.Testing.Harness;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Options;

/// <summary>The redundancy instance's settings, bound and validated the way the host does it (RedundancyModule.ConfigureServices).</summary>
public sealed class OptionsTests
{
    private const string Where = "modules.json: instance 'redundancy': ";

    internal static RedundancyOptions Read(params (string Key, string Value)[] settings)
    {
        using var context = new ModuleTestContext("Redundancy", settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)).ToList(), "redundancy");
        return ModuleFactory.Options<RedundancyModule, RedundancyOptions>(context);
    }

    internal static IReadOnlyList<string> Errors(params (string Key, string Value)[] settings) =>
        [.. Assert.Throws<OptionsValidationException>(() => Read(settings)).Failures];

    [Fact]
    public void Defaults_AreTheProductPagesValues_FromTheOptionsType()
    {
        var options = Read();

        var defaults = new RedundancyOptions();
        Assert.Equal(defaults, options with { Sync = defaults.Sync });
        Assert.Equal(RedundancyMode.Standalone, options.Mode);
        Assert.Equal(3002, options.Server.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(10_000), options.Server.InitialStandbyTime);
        Assert.Equal(3002, options.Connection.Port);
        Assert.Equal(TimeSpan.FromMilliseconds(5_000), options.Connection.ConnectionTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), options.Connection.ReconnectDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(1_000), options.HeartbeatInterval);
        Assert.Equal(FailbackMode.Automatic, options.Failback);
        Assert.Equal(new Uri("mqtt://127.0.0.1:1883"), options.Mqtt.Broker);
        Assert.Equal("n3host", options.Mqtt.TopicPrefix);
        Assert.True(options.Mqtt.Enabled);
        Assert.Null(options.Witness);
    }

    [Fact]
    public void HeartbeatInterval_DefaultsToAFifthOfTheConnectionTimeout()
    {
        var options = Read(("connection:connectionTimeout", "300"));

        Assert.Equal(TimeSpan.FromMilliseconds(60), options.HeartbeatInterval);
    }

    [Fact]
    public void MqttsBroker_ImpliesTls_AndTheWitnessIsParsedUnderTheTopicPrefix()
    {
        var options = Read(("mqtt:broker", "mqtts://broker:8883"), ("witness", "mqtt://u:p@10.0.0.5:1883"));

        Assert.True(options.Mqtt.Tls);
        Assert.Equal("u", options.Witness!.Username);
        Assert.Equal("n3host/witness", options.Witness.TopicPrefix);
    }

    [Fact]
    public void PortOutOfRange_NamesTheFileTheInstanceTheSettingTheValueAndTheRange()
    {
        Assert.Equal([Where + "setting 'server.port' = '70000' must be a whole number in 1..65535"], Errors(("server:port", "70000")));
    }

    [Fact]
    public void TwoBadSettings_AreBothReported_AtOnce()
    {
        Assert.Equal(
            [Where + "setting 'mode' = 'master' must be one of standalone, primary, backup", Where + "setting 'connection.reconnectDelay' = '5' must be a whole number in 10..600000"],
            Errors(("mode", "master"), ("connection:reconnectDelay", "5")));
    }

    [Fact]
    public void Backup_WithoutHost_SaysTheHostIsRequired()
    {
        Assert.Equal([Where + "setting 'connection.host' is missing: it must be the primary's host name or IP address (required in backup mode)"],
            Errors(("mode", "backup"), ("remoteCertificate", "x.pem")));
    }

    [Fact]
    public void Primary_WithoutRemoteCertificate_SaysHowToGetIt()
    {
        Assert.Contains("setting 'remoteCertificate' is missing: it must be the other node's certificate (n3host cert show on that node)", Assert.Single(Errors(("mode", "primary"))));
    }

    [Fact]
    public void HeartbeatInterval_MustBeAtMostHalfTheConnectionTimeout()
    {
        Assert.Equal([Where + "setting 'heartbeatInterval' = '3000' must be a whole number in 10..2500 (at most half of connection.connectionTimeout)"], Errors(("heartbeatInterval", "3000")));
    }

    [Fact]
    public void UnknownSetting_IsAnError_NotIgnored()
    {
        Assert.Equal([Where + "setting 'connection.timeout' = '5000' is not a setting here; known: host, port, connectionTimeout, handshakeTimeout, reconnectDelay"],
            Errors(("connection:timeout", "5000")));
    }

    [Fact]
    public void BadBrokerUri_ShowsTheExpectedForm()
    {
        Assert.Equal([Where + "setting 'mqtt.broker' = 'http://x' must be mqtt://host:port or mqtts://host:port, for example mqtt://127.0.0.1:1883"], Errors(("mqtt:broker", "http://x")));
    }

    [Fact]
    public void NetworkInterface_MustBeAnAddress()
    {
        Assert.Contains("setting 'server.networkInterface' = 'eth0' must be an IP address of this machine", Assert.Single(Errors(("server:networkInterface", "eth0"))));
    }
}
