using System.Net;
using System.Net.Sockets;
using System.Text;

namespace N3Host.Modules.Tests.Broker;

/// <summary>
/// An MQTT 3.1.1 subscriber (QoS 0) that reads only when told to, like a dashboard that hangs for a while.
/// MQTTnet's client reads everything into its own memory at once, so it cannot play a slow reader; the few
/// packets needed are written out here.
/// </summary>
internal sealed class RawSubscriber : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;

    private RawSubscriber(Socket socket) => _socket = socket;

    public static async Task<RawSubscriber> ConnectAsync(int port, string clientId, string topicFilter)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var id = Encoding.UTF8.GetBytes(clientId);
        var topic = Encoding.UTF8.GetBytes(topicFilter);

        // CONNECT: protocol "MQTT" level 4, clean session, keep alive 600 s.
        byte[] connect = [0x10, (byte)(12 + id.Length), 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0x02, 0x58, 0, (byte)id.Length, .. id];
        await socket.SendAsync(connect);
        await ExpectAsync(socket, [0x20, 0x02, 0x00, 0x00], "CONNACK (accepted)");

        // SUBSCRIBE packet 1, QoS 0.
        byte[] subscribe = [0x82, (byte)(5 + topic.Length), 0, 1, 0, (byte)topic.Length, .. topic, 0];
        await socket.SendAsync(subscribe);
        await ExpectAsync(socket, [0x90, 0x03, 0x00, 0x01, 0x00], "SUBACK (QoS 0)");
        return new RawSubscriber(socket);
    }

    public void Dispose() => _socket.Dispose();

    /// <summary>Reads PUBLISH packets until <paramref name="count"/> have arrived; returns their payloads as text.</summary>
    public async Task<List<string>> ReadPayloadsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var payloads = new List<string>(count);
        try
        {
            while (payloads.Count < count)
            {
                var header = (await ReadExactlyAsync(1, cancel.Token))[0];
                var length = 0;
                for (var shift = 0; ; shift += 7)
                {
                    var b = (await ReadExactlyAsync(1, cancel.Token))[0];
                    length |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0)
                    {
                        break;
                    }
                }

                var body = await ReadExactlyAsync(length, cancel.Token);
                if ((header & 0xF0) == 0x30)
                {
                    var topicLength = (body[0] << 8) | body[1];
                    var payloadStart = 2 + topicLength + ((header & 0x06) != 0 ? 2 : 0);
                    payloads.Add(Encoding.UTF8.GetString(body, payloadStart, body.Length - payloadStart));
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"expected {count} messages, got {payloads.Count} in {timeout.TotalSeconds} s");
        }

        return payloads;
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _socket.ReceiveAsync(_buffer.AsMemory(), SocketFlags.None, cancellationToken);
                if (_end == 0)
                {
                    throw new InvalidOperationException("the broker closed the connection");
                }
            }

            var n = Math.Min(count - copied, _end - _start);
            Array.Copy(_buffer, _start, result, copied, n);
            _start += n;
            copied += n;
        }

        return result;
    }

    private static async Task ExpectAsync(Socket socket, byte[] expected, string what)
    {
        var buffer = new byte[expected.Length];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            if (n == 0)
            {
                throw new InvalidOperationException($"the broker closed the connection instead of sending {what}");
            }

            read += n;
        }

        if (!buffer.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"expected {what} {Convert.ToHexString(expected)}, got {Convert.ToHexString(buffer)}");
        }
    }
}
