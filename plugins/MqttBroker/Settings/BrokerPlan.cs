using System.Net;

namespace N3Host.Plugins.MqttBroker.Settings;

/// <summary>A broker instance's checked settings.</summary>
/// <param name="Port">The TCP port.</param>
/// <param name="BindAddress">The address to listen on.</param>
/// <param name="Credentials">The only accepted user name and password, or null to accept every client.</param>
/// <param name="MaxPendingMessagesPerClient">Per-client queue size.</param>
public sealed record BrokerPlan(int Port, IPAddress BindAddress, BrokerCredentials? Credentials, int MaxPendingMessagesPerClient);
