using System.Buffers;

namespace N3Host.Plugins.Redundancy.Roles;

/// <summary>The synchronization of one paired link.</summary>
internal interface ILinkSync
{
    /// <summary>A sync frame arrived on the link (the payload is valid only during the call).</summary>
    void Deliver(ReadOnlySequence<byte> payload);

    /// <summary>The link closed: the session ends, and the next link's session may start.</summary>
    void Close();
}
