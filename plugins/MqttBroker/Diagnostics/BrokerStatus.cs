namespace N3Host.Plugins.MqttBroker.Diagnostics;

/// <summary>The broker's status section (<c>broker:&lt;instance&gt;</c>).</summary>
/// <param name="Endpoint">Where it listens, address:port.</param>
/// <param name="ClientsConnected">Clients connected now.</param>
/// <param name="MessagesReceived">Messages clients published since start.</param>
/// <param name="MessagesQueued">Messages queued for delivery to subscribers since start.</param>
/// <param name="MessagesDropped">Messages dropped because a client's queue was full (each is also logged).</param>
/// <param name="MaxPendingMessagesPerClient">The per-client queue size.</param>
public sealed record BrokerStatus(string Endpoint, int ClientsConnected, long MessagesReceived, long MessagesQueued, long MessagesDropped, int MaxPendingMessagesPerClient);
