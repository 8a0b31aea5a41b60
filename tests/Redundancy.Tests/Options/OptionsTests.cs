using Microsoft.Extensions.Configuration;
using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Options;
using Xunit;

namespace N3Host.Plugins.Redundancy.Tests.Options;

public sealed class OptionsTests
{
    private static RedundancyOptions Read(params (string Key, string Value)[] settings) =>
        RedundancyOptionsReader.Read(
            new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
            "redundancy");

    private static string Error(params (string Key, string Value)[] settings) =>
        Assert.Throws<RedundancySettingsException>(() => Read(settings)).Message;

    [Fact]
    public void Defaults_AreTheProductPagesValues()
    {
        var options = Read();

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
    }

    [Fact]
    public void HeartbeatInterval_DefaultsToAFifthOfTheConnectionTimeout()
    {
        var options = Read(("connection:connectionTimeout", "300"));

        Assert.Equal(TimeSpan.FromMilliseconds(60), options.HeartbeatInterval);
    }

    [Fact]
    public void PortOutOfRange_NamesTheSettingTheValueAndTheRange()
    {
        Assert.Equal(
            "modules.json, instance 'redundancy', setting 'server.port': value '70000' is not valid; allowed: a whole number from 1 to 65535.",
            Error(("server:port", "70000")));
    }

    [Fact]
    public void UnknownMode_ListsTheAllowedModes()
    {
        Assert.Contains("setting 'mode': value 'master' is not valid; allowed: standalone, primary, backup", Error(("mode", "master")));
    }

    [Fact]
    public void Backup_WithoutHost_SaysTheHostIsRequired()
    {
        Assert.Contains("setting 'connection.host': missing; required in backup mode", Error(("mode", "backup"), ("remoteCertificate", "x.pem")));
    }

    [Fact]
    public void Primary_WithoutRemoteCertificate_SaysHowToGetIt()
    {
        Assert.Contains("setting 'remoteCertificate': missing; required in primary and backup mode: paste the other node's certificate (n3host cert show", Error(("mode", "primary")));
    }

    [Fact]
    public void HeartbeatInterval_MustBeAtMostHalfTheConnectionTimeout()
    {
        Assert.Contains("setting 'heartbeatInterval': value '3000' is not valid; allowed: a whole number from 10 to 2500", Error(("heartbeatInterval", "3000")));
    }

    [Fact]
    public void UnknownSetting_IsAnError_NotIgnored()
    {
        Assert.Contains("unknown setting 'connection.timeout'; known settings in 'connection': host, port, connectionTimeout, handshakeTimeout, reconnectDelay", Error(("connection:timeout", "5000")));
    }

    [Fact]
    public void BadBrokerUri_ShowsTheExpectedForm()
    {
        Assert.Contains("setting 'mqtt.broker': value 'http://x' is not valid; allowed: mqtt://host:port or mqtts://host:port", Error(("mqtt:broker", "http://x")));
    }

    [Fact]
    public void NetworkInterface_MustBeAnAddress()
    {
        Assert.Contains("setting 'server.networkInterface': value 'eth0' is not valid", Error(("server:networkInterface", "eth0")));
    }
}
