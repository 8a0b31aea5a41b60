using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using N3Host.Modules.Tests.Hosting;
using N3Host.Testing;
using Xunit;
using Xunit.Abstractions;

namespace N3Host.Modules.Tests.Broker;

public sealed class BrokerDeliveryTests(ITestOutputHelper output)
{
    private const int Burst = 20_000;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>QoS 1 messages a burst publisher keeps unacknowledged at most (MQTT 5's Receive Maximum of many brokers).</summary>
    private const int InFlight = 100;

    [Fact]
    public async Task NewSubscriber_ReceivesTheRetainedMessage()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();
        var publisher = await broker.ConnectAsync("publisher");
        await publisher.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("n3host/node1/status").WithPayload("online").WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var subscriber = await broker.ConnectAsync("dashboard");
        var received = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(broker.Factory.CreateSubscribeOptionsBuilder().WithTopicFilter("n3host/+/status", MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var message = await received.Task.WaitAsync(Patience);
        Assert.Equal("n3host/node1/status", message.Topic);
        Assert.Equal("online", message.ConvertPayloadToString());
        Assert.True(message.Retain);
        Assert.Equal(2, broker.Status.ClientsConnected);
        Assert.Equal(1, broker.Status.MessagesReceived);
        Assert.Equal($"127.0.0.1:{broker.Port}", broker.Status.Endpoint);
        Assert.Contains(broker.Context.Log.Entries, e => e.EventName == "BrokerClientConnected" && e.Message.Contains("'dashboard'", StringComparison.Ordinal));
        Assert.Contains(broker.Context.Log.Entries, e => e.EventName == "MqttNet" && e.Level == LogLevel.Debug);
    }

    [Fact]
    public async Task AnMqtt5ClientWithoutClientId_IsGivenOneByTheBroker_AndReceivesRetainedMessages()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();
        var publisher = await broker.ConnectAsync("publisher");
        await publisher.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("n3host/node1/status").WithPayload("online").WithRetainFlag().WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var anonymous = broker.NewClient();
        var connected = await anonymous.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId(string.Empty).WithCleanSession().Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        Assert.StartsWith("auto-", connected.AssignedClientIdentifier, StringComparison.Ordinal);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        anonymous.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await anonymous.SubscribeAsync(broker.Factory.CreateSubscribeOptionsBuilder().WithTopicFilter("n3host/+/status").Build());
        Assert.Equal("online", await received.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task BurstOf20000QoS1Messages_ArrivesComplete_NothingDropped()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();
        var subscriber = await broker.ConnectAsync("historian");
        var received = new ConcurrentDictionary<int, int>();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.AddOrUpdate(SequenceOf(e.ApplicationMessage.ConvertPayloadToString()), 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
        await subscriber.SubscribeAsync(broker.Factory.CreateSubscribeOptionsBuilder().WithTopicFilter("burst/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var publisher = await broker.ConnectAsync("plc");

        await PublishBurstAsync(publisher);

        await Eventually.TrueAsync(() => received.Count == Burst, Patience, $"all {Burst} messages arrived");
        Assert.Equal(Enumerable.Range(0, Burst), received.Keys.Order());
        Assert.Equal(Burst, broker.Status.MessagesReceived);
        Assert.Equal(Burst, broker.Status.MessagesQueued);
        Assert.Equal(0, broker.Status.MessagesDropped);
        Assert.DoesNotContain(broker.Context.Log.Entries, e => e.EventName == "BrokerMessagesDropped");
    }

    [Fact]
    public async Task BurstOf20000_WhileASubscriberIsNotReading_WaitsInItsQueue_AndArrivesCompleteWhenItReadsAgain()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();

        var (received, dropped) = await BurstPastAPausedReaderAsync(broker);

        Assert.Equal(0, dropped);
        Assert.Equal(Enumerable.Range(0, Burst), received.Order());
    }

    [Fact]
    public async Task BurstOf20000_WithMqttNetsDefaultQueueOf1000_LosesMessages_ButCountsAndLogsEveryOne()
    {
        await using var broker = new BrokerHarness(output, new { maxPendingMessagesPerClient = 1000 });
        await broker.StartAsync();

        var (received, dropped) = await BurstPastAPausedReaderAsync(broker);

        output.WriteLine($"received {received.Count}, dropped {dropped}");
        Assert.True(dropped > 0, "a queue of 1000 cannot hold the burst");
        Assert.Equal(Burst, received.Count + dropped);
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Contains(broker.Context.Log.Entries, e => e.EventName == "BrokerMessagesDropped" && e.Level == LogLevel.Warning);
    }

    private static int SequenceOf(string payload) =>
        int.Parse(payload.AsSpan(0, payload.IndexOf(' ', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    /// <summary>
    /// Publishes <see cref="Burst"/> QoS 1 messages of 1 KiB ("&lt;n&gt; xxx...") as fast as the broker acknowledges them, at most
    /// <see cref="InFlight"/> unacknowledged at a time as a device's MQTT stack keeps them; returns when the broker acknowledged each.
    /// All 20 000 at once would make the last ones (and the client's keep-alive ping, queued behind them) wait for the whole
    /// burst within the client's 20 s timeout: on a busy machine MQTTnet then closes the connection (fresh-clone run 42,
    /// 17 206 messages through in 25 s), a limit of the client and the machine's speed, not of the broker.
    /// </summary>
    private static Task PublishBurstAsync(IMqttClient publisher)
    {
        var filler = new string('x', 1024);
        return Parallel.ForEachAsync(Enumerable.Range(0, Burst), new ParallelOptions { MaxDegreeOfParallelism = InFlight }, async (i, cancellationToken) =>
            await publisher.PublishAsync(
                new MqttApplicationMessageBuilder()
                    .WithTopic("burst/values")
                    .WithPayload(string.Create(CultureInfo.InvariantCulture, $"{i} {filler}"))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(),
                cancellationToken));
    }

    /// <summary>
    /// A subscriber stops reading; the burst is published and acknowledged (20 MiB: more than the sockets hold, so most
    /// of it waits in the broker's queue for that subscriber); then the subscriber reads everything the broker kept.
    /// </summary>
    private async Task<(List<int> Received, long Dropped)> BurstPastAPausedReaderAsync(BrokerHarness broker)
    {
        using var reader = await RawSubscriber.ConnectAsync(broker.Port, "paused-screen", "burst/#");
        var publisher = await broker.ConnectAsync("plc");

        await PublishBurstAsync(publisher);
        await Eventually.TrueAsync(() => broker.Status.MessagesReceived == Burst, Patience, "the broker took the whole burst");

        var dropped = broker.Status.MessagesDropped;
        var payloads = await reader.ReadPayloadsAsync(Burst - (int)dropped, Patience);
        return ([.. payloads.Select(SequenceOf)], dropped);
    }

    [Fact]
    public async Task ClientThatStopsReading_HasItsOverflowCountedInStatus_AndLogged()
    {
        await using var broker = new BrokerHarness(output, new { maxPendingMessagesPerClient = 1000 });
        await broker.StartAsync();
        using var stalled = await RawSubscriber.ConnectAsync(broker.Port, "stalled-screen", "flood/#");
        await Eventually.TrueAsync(() => broker.Status.ClientsConnected == 1, Patience, "the stalled subscriber is connected");
        var publisher = await broker.ConnectAsync("flooder");

        var payload = new byte[16 * 1024];
        for (var i = 0; i < 4000; i++)
        {
            await publisher.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("flood/data").WithPayload(payload).Build());
        }

        await Eventually.TrueAsync(() => broker.Status.MessagesReceived == 4000, Patience, "the broker took every published message");
        var status = broker.Status;
        output.WriteLine($"queued {status.MessagesQueued}, dropped {status.MessagesDropped}");
        Assert.InRange(status.MessagesDropped, 1, 4000);
        Assert.Equal(1000, status.MaxPendingMessagesPerClient);
        var warning = Assert.Single(broker.Context.Log.Entries, e => e.EventName == "BrokerMessagesDropped");
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("client 'stalled-screen'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("queue of 1000 was full", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IPv6BindAddress_ListensThereOnly()
    {
        if (!Socket.OSSupportsIPv6)
        {
            output.WriteLine("skipped: this machine has no IPv6");
            return;
        }

        await using var broker = new BrokerHarness(output, new { bindAddress = "::1" });
        await broker.StartAsync();

        var client = broker.NewClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("::1", broker.Port).WithTimeout(TimeSpan.FromSeconds(20)).Build());
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal($"[::1]:{broker.Port}", broker.Status.Endpoint);
        using var ipv4 = new TcpClient(AddressFamily.InterNetwork);
        var refused = await Assert.ThrowsAsync<SocketException>(() => ipv4.ConnectAsync(IPAddress.Loopback, broker.Port));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    [Fact]
    public async Task DefaultBindAddress_IsIPv4LoopbackOnly()
    {
        await using var broker = new BrokerHarness(output);
        await broker.StartAsync();

        using var ipv4 = new TcpClient(AddressFamily.InterNetwork);
        await ipv4.ConnectAsync(IPAddress.Loopback, broker.Port);
        Assert.True(ipv4.Connected);

        if (Socket.OSSupportsIPv6)
        {
            using var ipv6 = new TcpClient(AddressFamily.InterNetworkV6);
            var refused = await Assert.ThrowsAsync<SocketException>(() => ipv6.ConnectAsync(IPAddress.IPv6Loopback, broker.Port));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }
    }
}
