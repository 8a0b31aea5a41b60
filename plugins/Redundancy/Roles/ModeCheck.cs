using N3Host.Contracts;
using N3Host.Plugins.Redundancy.Peer.Messages;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>Whether the two nodes' modes make a pair, as the peer's hello tells its mode: a primary pairs only with a backup.</summary>
internal static class ModeCheck
{
    /// <summary>Null when the modes pair; otherwise why the pairing is refused, naming both nodes and what to change.</summary>
    public static string? Refusal(RedundancyMode own, string self, HelloMessage hello)
    {
        var expected = own == RedundancyMode.Primary ? RedundancyMode.Backup : RedundancyMode.Primary;
        if (hello.Mode == expected)
        {
            return null;
        }

        var peerMode = hello.Mode.ToString().ToLowerInvariant();
        return hello.Mode == own
            ? $"both nodes are configured as {peerMode} ({self} and {hello.Node}); set mode {expected.ToString().ToLowerInvariant()} on one of them"
            : $"the peer {hello.Node} is in {peerMode} mode; a {own.ToString().ToLowerInvariant()} pairs only with a {expected.ToString().ToLowerInvariant()}";
    }
}
