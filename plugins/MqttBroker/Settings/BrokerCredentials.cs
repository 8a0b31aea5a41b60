namespace N3Host.Plugins.MqttBroker.Settings;

/// <summary>The user name and password clients must give.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password.</param>
public sealed record BrokerCredentials(string Username, string Password)
{
    /// <summary>Never shows the password.</summary>
    public override string ToString() => $"{Username} / ********";
}
