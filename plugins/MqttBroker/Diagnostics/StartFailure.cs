using System.Net.Sockets;
using N3Host.Plugins.MqttBroker.Settings;

namespace N3Host.Plugins.MqttBroker.Diagnostics;

/// <summary>Says in plain words why the broker could not listen.</summary>
internal static class StartFailure
{
    public static string Describe(SocketException error, BrokerPlan plan, string instanceName)
    {
        var where = $"{plan.BindAddress}:{plan.Port}";
        var why = error.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse =>
                $"port {plan.Port} on {plan.BindAddress} is already in use (another MQTT broker such as Mosquitto, or another instance?). Choose another 'port' or stop the other program",
            SocketError.AddressNotAvailable =>
                $"{plan.BindAddress} is not an address of this machine. Set 'bindAddress' to 127.0.0.1, 0.0.0.0 or one of this machine's addresses (n3host interfaces lists them)",
            SocketError.AccessDenied =>
                $"not allowed to listen on port {plan.Port} (ports below 1024 need elevated rights). Choose a 'port' of 1024 or more",
            _ => $"{error.SocketErrorCode}: {error.Message}",
        };
        return $"MqttBroker instance '{instanceName}' cannot listen on {where}: {why}";
    }
}
