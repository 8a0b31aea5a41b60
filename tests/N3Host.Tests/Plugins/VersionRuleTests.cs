using Microsoft.Extensions.Configuration;
using N3Host.Configuration;
using N3Host.Plugins;
using NuGet.Versioning;
using Xunit;

namespace N3Host.Tests.Plugins;

public sealed class VersionRuleTests
{
    private static readonly Version Host = new(1, 3, 0, 0);

    [Theory]
    [InlineData("1.0.0.0")]
    [InlineData("1.3.0.0")]
    [InlineData("1.3.5.0")]
    public void SameMajor_MinorNotNewer_IsAccepted(string plugin)
    {
        Assert.Null(ContractsCompatibility.Check("P", Version.Parse(plugin), Host));
    }

    [Fact]
    public void OtherMajor_IsRefused_NamingBothVersions()
    {
        var message = ContractsCompatibility.Check("P", new Version(2, 0, 0, 0), Host);

        Assert.Equal("plugin P was built against N3Host.Contracts 2.0.0.0, this host has N3Host.Contracts 1.3.0.0: the major versions differ (rebuild the plugin against contracts 1.x)", message);
        Assert.NotNull(ContractsCompatibility.Check("P", new Version(0, 9, 0, 0), Host));
    }

    [Fact]
    public void NewerMinor_IsRefused_NamingBothVersions()
    {
        var message = ContractsCompatibility.Check("P", new Version(1, 4, 0, 0), Host);

        Assert.NotNull(message);
        Assert.Contains("N3Host.Contracts 1.4.0.0", message);
        Assert.Contains("N3Host.Contracts 1.3.0.0", message);
    }

    [Theory]
    [InlineData("[0.1,1.0)", "0.5.0.0", true)]
    [InlineData("[0.1,1.0)", "1.0.0.0", false)]
    [InlineData("0.2", "0.1.0.0", false)]
    [InlineData("0.2", "3.0.0.0", true)]
    [InlineData("[1.2.3]", "1.2.3.0", true)]
    public void InstanceRange_MustAdmitThePluginVersion(string range, string plugin, bool admitted)
    {
        var instance = new ModuleInstanceConfig("sim", "Simulator", VersionRange.Parse(range), true, new ConfigurationBuilder().Build(), "{}");
        var inspection = new PluginInspection("Simulator", "/x/Simulator.dll", Version.Parse(plugin), new Version(1, 0, 0, 0), null);

        var refusal = ModuleResolver.CheckRange(instance, inspection);

        Assert.Equal(admitted, refusal is null);
        if (!admitted)
        {
            Assert.Equal($"instance sim wants Simulator version {range}, the installed plugin is version {new NuGetVersion(Version.Parse(plugin)).ToNormalizedString()}", refusal);
        }
    }
}
