namespace N3Host.Pairing;

/// <summary>The frame types of the pairing protocol (one byte, in the transport's frame format).</summary>
internal enum PairingFrame : byte
{
    /// <summary>The protocol's name and version, first from each side.</summary>
    Hello = 1,

    /// <summary>J-PAKE round 1 (JSON).</summary>
    Round1 = 2,

    /// <summary>J-PAKE round 2 (JSON).</summary>
    Round2 = 3,

    /// <summary>J-PAKE round 3: key confirmation (JSON).</summary>
    Round3 = 4,

    /// <summary>A message sealed with the key both sides derived (AES-GCM).</summary>
    Sealed = 5,

    /// <summary>The other side refuses, with why (UTF-8 text); the connection closes after it.</summary>
    Refused = 6,
}
