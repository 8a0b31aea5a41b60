using System.Security.Cryptography;
using System.Text;
using N3Host.Plugins.MqttBroker.Settings;

namespace N3Host.Plugins.MqttBroker.Security;

/// <summary>Compares a client's user name and password with the configured ones in constant time.</summary>
internal static class CredentialCheck
{
    public static bool Matches(BrokerCredentials expected, string? username, string? password) =>
        SameText(expected.Username, username) & SameText(expected.Password, password);

    private static bool SameText(string expected, string? given) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(given ?? string.Empty)))
        && given is not null;
}
