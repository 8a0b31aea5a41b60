using N3Host.PluginKit.Mqtt;

namespace N3Host.Plugins.Links;

/// <summary>One Links instance's settings: a server or a client, and where its state goes on MQTT (if anywhere).</summary>
internal sealed record LinksOptions(LinkRole Role, LinkServerOptions? Server, LinkClientOptions? Client, MqttStatusOptions? Mqtt);
