using Microsoft.Extensions.Logging;

namespace N3Host.Plugins.Redundancy.Peer;

/// <summary>
/// Why a connection was refused before the peer protocol ran, and how loudly to say it: a stranger or a wrong certificate
/// is an error; a handshake that ran out of time is a warning (a busy or starting node looks the same); a peer that
/// closed the connection before its handshake finished is routine (a node that is starting or stopping does that).
/// </summary>
internal sealed record PeerRefusal(string Reason, LogLevel Level = LogLevel.Error);
