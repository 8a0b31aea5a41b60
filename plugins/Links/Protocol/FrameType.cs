namespace N3Host.Plugins.Links;

/// <summary>The kinds of frame on a link, in the one frame format of <see cref="N3Host.Transport.Framing.Frames"/>: <c>[u32 length][u8 type][payload]</c>.</summary>
internal enum FrameType : byte
{
    /// <summary>Client to server, first frame: protocol version, stream id, node and instance names.</summary>
    Hello = 1,

    /// <summary>Server to client, answer to hello: server node name and the highest sequence already received on that stream.</summary>
    Welcome = 2,

    /// <summary>Client to server: consecutive value records <c>[i64 sequence][i32 length][value]</c>.</summary>
    Values = 3,

    /// <summary>Server to client: every sequence up to this one has been received and published.</summary>
    Ack = 4,

    /// <summary>Client to server: keeps the link alive while idle.</summary>
    Ping = 5,

    /// <summary>Server to client: the answer to a ping.</summary>
    Pong = 6,

    /// <summary>Server to client: the link is refused, with a reason for people; the connection then closes.</summary>
    Refused = 7,
}
