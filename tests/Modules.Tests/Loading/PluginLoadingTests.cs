using Microsoft.Extensions.Options;
using System.Reflection;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using N3Host.Contracts;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;
using N3Host.Testing.Harness;

namespace N3Host.Modules.Tests.Loading;

/// <summary>
/// Both modules loaded the way the host loads plugins: from their own folder, in their own load context,
/// sharing only the contracts and the Microsoft.Extensions abstractions.
/// </summary>
public sealed class PluginLoadingTests(ITestOutputHelper output)
{
    // As the host shares them (host/N3Host/Plugins/ModuleTypeLoader.cs).
    private static readonly Type[] SharedTypes = [typeof(IModule), typeof(ILogger), typeof(IServiceCollection), typeof(IConfiguration), typeof(IChangeToken), typeof(IOptions<>)];

    [Fact]
    public async Task SimulatorPlugin_LoadedFromItsFolder_ReadsItsSettings_AndPublishes()
    {
        using var loader = PluginLoader.CreateFromAssemblyFile(Path.Combine(PluginFolders.Find("Simulator"), "Simulator.dll"), SharedTypes, c => c.PreferSharedTypes = true);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        using var context = new ModuleTestContext("Simulator", new { periodMs = 250, count = 10, pathPrefix = "plugin" }, "sim", time, output);
        var (module, manifest) = CreateModule(loader, context);
        Assert.Equal("Simulator", manifest.Name);
        Assert.Equal(RoleFollowing.ActiveOnly, manifest.Follows);
        using var subscription = context.Bus.Subscribe(new TagSubscriptionOptions { Name = "test" });
        await module.StartAsync(context, CancellationToken.None);
        var values = await subscription.ReadAsync(10);
        await module.StopAsync(CancellationToken.None);

        Assert.Equal("plugin/ramp0", values[0].Path);
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(module.GetType().Assembly));
    }

    [Fact]
    public async Task MqttBrokerPlugin_LoadedFromItsFolder_CarriesMqttNet_AndAcceptsClients()
    {
        var folder = PluginFolders.Find("MqttBroker");
        using var loader = PluginLoader.CreateFromAssemblyFile(Path.Combine(folder, "MqttBroker.dll"), SharedTypes, c => c.PreferSharedTypes = true);
        using var context = new ModuleTestContext("MqttBroker", new { port = FreePort.Get() }, "broker", null, output);
        var (module, manifest) = CreateModule(loader, context);
        Assert.Equal("MqttBroker", manifest.Name);
        Assert.Equal(RoleFollowing.Always, manifest.Follows);
        await module.StartAsync(context, CancellationToken.None);
        try
        {
            var port = int.Parse(context.Settings["port"]!, System.Globalization.CultureInfo.InvariantCulture);
            using var client = new MqttClientFactory().CreateMqttClient();
            var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithTimeout(TimeSpan.FromSeconds(20)).Build());
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            await client.DisconnectAsync();
        }
        finally
        {
            await module.StopAsync(CancellationToken.None);
        }

        Assert.Equal(Path.Combine(folder, "MqttBroker.dll"), module.GetType().Assembly.Location);
        Assert.True(File.Exists(Path.Combine(folder, "MQTTnet.Server.dll")), "the plugin folder carries MQTTnet (the host does not have it)");
        Assert.False(File.Exists(Path.Combine(folder, "Microsoft.Extensions.Configuration.Abstractions.dll")), "no private copy of a shared assembly");
        Assert.False(File.Exists(Path.Combine(folder, "Microsoft.Extensions.Options.dll")), "no private copy of a shared assembly");
    }

    /// <summary>The plugin's module, constructed as the host does: its options (a type of the plugin's load context) bound through the shared IOptions.</summary>
    private static (IModule Module, N3ModuleAttribute Manifest) CreateModule(PluginLoader loader, IModuleContext context)
    {
        var moduleType = Assert.Single(loader.LoadDefaultAssembly().GetExportedTypes(), t => typeof(IModule).IsAssignableFrom(t));
        var manifest = moduleType.GetCustomAttribute<N3ModuleAttribute>();
        Assert.NotNull(manifest);
        return (ModuleFactory.Create(moduleType, context), manifest);
    }
}
