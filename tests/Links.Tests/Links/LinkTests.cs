using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using N3Host.Contracts;
using N3Host.Testing.Harness;
using N3Host.Plugins.Links;
using N3Host.Testing;
using Xunit;

namespace Links.Tests.Links;

/// <summary>Links over real TLS on loopback, modules hosted in-process.</summary>
public sealed class LinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RemoteTags_AreMirroredOnTheCentralNode_UnderTheSendersName()
    {
        await using var rig = LinkRig.Create();
        await rig.StartServerAsync();
        await rig.StartClientAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");

        var time = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.FromHours(1));
        await rig.Remote.Tags.PublishAsync(TagValue.FromNumber("sim/temperature", 21.5, time), CancellationToken.None);
        await rig.Remote.Tags.PublishAsync(TagValue.FromBoolean("sim/running", true, time, TagQuality.Uncertain), CancellationToken.None);
        await rig.Remote.Tags.PublishAsync(TagValue.FromText("sim/batch", "B-17 ü", time), CancellationToken.None);
        await rig.Remote.Tags.PublishAsync(TagValue.FromNumber("other/not-sent", 1, time), CancellationToken.None);

        await Eventually.TrueAsync(() => rig.Received!.Count >= 3, Patience, "three values arrive on the central node");
        var received = rig.Received!.Values;
        Assert.Equal(
            [
                TagValue.FromNumber("site1/sim/temperature", 21.5, time),
                TagValue.FromBoolean("site1/sim/running", true, time, TagQuality.Uncertain),
                TagValue.FromText("site1/sim/batch", "B-17 ü", time),
            ],
            received);
        Assert.Equal(time.Offset, received[0].SourceTime.Offset);
        Assert.True(rig.Central.Tags.TryGetLatest("site1/sim/temperature", out var latest));
        Assert.Equal(21.5, latest.Number);
        Assert.False(rig.Central.Tags.TryGetLatest("site1/other/not-sent", out _));
        await Task.Delay(200);
        Assert.Equal(3, rig.Received.Count);

        var server = rig.ServerStatus;
        Assert.Equal("site1", server["peers"]![0]!["node"]!.GetValue<string>());
        Assert.Equal(3, server["receivedValues"]!.GetValue<long>());
        Assert.Equal("central", rig.ClientStatus["peer"]!.GetValue<string>());
    }

    [Fact]
    public async Task LinkCutAndRestored_BufferedValuesAllArrive_InOrder_Once()
    {
        await using var rig = LinkRig.Create();
        await rig.StartServerAsync();
        await rig.StartClientAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");
        await rig.PublishCounterAsync(1, 500);
        await Eventually.TrueAsync(() => rig.Received!.Count == 500, Patience, "the first 500 values arrive");

        await rig.StopServerAsync();
        await Eventually.TrueAsync(() => !rig.ClientConnected, Patience, "the client sees the link down");
        await rig.PublishCounterAsync(501, 2000);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 2000, Patience, "2000 values wait in the disk buffer");
        Assert.True(rig.ClientStatus["bufferedBytes"]!.GetValue<long>() > 0);
        Assert.Equal(500, rig.Received!.Count);

        await rig.StartServerAsync();
        await Eventually.TrueAsync(() => rig.Received.Count >= 2500, Patience, "the buffered values arrive after the link is back");
        await rig.PublishCounterAsync(2501, 100);
        await Eventually.TrueAsync(() => rig.Received.Count >= 2600, Patience, "live values follow");
        await Task.Delay(300);

        var numbers = rig.Received.Values.Select(v => (int)v.Number).ToList();
        Assert.Equal(Enumerable.Range(1, 2600), numbers);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 0, Patience, "the buffer is empty once acknowledged");
        Assert.Equal(0, rig.ClientStatus["overflowed"]!.GetValue<long>());
    }

    [Fact]
    public async Task TheSenderKeepsValues_UntilTheCentralStoreConfirmsThem()
    {
        await using var rig = LinkRig.Create();
        using var store = rig.Central.Tags.Subscribe(new TagSubscriptionOptions { Name = "slow-store", Patterns = ["site1/*"], Durable = true });
        await rig.StartServerAsync();
        await rig.StartClientAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");

        await rig.PublishCounterAsync(1, 10);
        await Eventually.TrueAsync(() => rig.Received!.Count == 10, Patience, "the values reach the central node's tag bus");

        // Waiting for the store does not hold back reading: later values keep arriving, unacknowledged.
        await rig.PublishCounterAsync(11, 2000);
        await Eventually.TrueAsync(() => rig.Received!.Count == 2010, Patience, "later values arrive while the first wait for the store");
        await Task.Delay(300);
        Assert.Equal(2010, rig.ClientStatus["bufferedValues"]!.GetValue<long>());

        for (var i = 0; i < 10; i++)
        {
            Assert.True(store.Reader.TryRead(out _));
        }

        store.Confirm(10);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 2000, Patience, "the first 10 are acknowledged once stored, not the rest");
        await Task.Delay(300);
        Assert.Equal(2000, rig.ClientStatus["bufferedValues"]!.GetValue<long>());

        var rest = 0;
        while (store.Reader.TryRead(out _))
        {
            rest++;
        }

        store.Confirm(rest);
        Assert.Equal(2000, rest);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 0, Patience, "all acknowledged once stored");
        Assert.Equal(Enumerable.Range(1, 2010), rig.Received!.Values.Select(v => (int)v.Number));
    }

    [Fact]
    public async Task ValuesThatArriveOneByOne_AndAreStoredTogether_AreCoveredByOneReceipt_AndASlowStoreKeepsTheLinkUp()
    {
        // The receipt journal is replicated and kept whole, so it must grow per acknowledgement (about one per
        // historian flush), not per value read at low rates.
        await using var rig = LinkRig.Create();
        using var store = rig.Central.Tags.Subscribe(new TagSubscriptionOptions { Name = "slow-store", Patterns = ["site1/*"], Durable = true, Capacity = 1000 });
        await rig.StartServerAsync();
        await rig.StartClientAsync();
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");
        var receipts = Path.Combine(rig.ServerContext!.DataDirectory, "receipts.jsonl");

        for (var i = 1; i <= 100; i++)
        {
            await rig.PublishCounterAsync(i, 1);
            await Eventually.TrueAsync(() => rig.Received!.Count == i, Patience, $"value {i} arrives on its own");
        }

        // The store takes longer than the client's connectionTimeout (2 s) to confirm: the link stays up meanwhile.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(rig.Remote.Logs.Contains(" down: ", LogLevel.Warning), "the link went down while the store had not confirmed yet");
        Assert.Equal(100, rig.Received!.Count);

        var held = 0;
        while (store.Reader.TryRead(out _))
        {
            held++;
        }

        // Counted from here: what the store's one confirmation of the 100 values wrote (a receipt the link's start wrote may land
        // late on a busy machine, and is not one of these).
        var before = File.Exists(receipts) ? File.ReadAllLines(receipts).Length : 0;
        store.Confirm(held);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 0, Patience, "all acknowledged once stored");
        Assert.Equal(100, held);
        Assert.InRange(File.ReadAllLines(receipts).Length - before, 1, 2);
        Assert.Equal(100, rig.ServerStatus["receivedValues"]!.GetValue<long>());
    }

    [Fact]
    public async Task ACentralNodeWithNothingStoringValues_DoesNotAcknowledge_AndSaysWhy_UntilAStoreIsThere()
    {
        await using var rig = LinkRig.Create();
        using var dashboard = rig.Central.Tags.Subscribe(new TagSubscriptionOptions { Name = "dashboard", Patterns = ["site1/*"], Capacity = 1 << 16 });
        (var server, var serverContext) = rig.Central.Create("link-in", "Links", rig.ServerSettings(), c => ModuleFactory.Create<LinksModule>(c));
        await server.StartAsync(serverContext, CancellationToken.None);
        await rig.StartClientAsync();
        try
        {
            await rig.PublishCounterAsync(1, 20);
            await Eventually.TrueAsync(
                () => rig.Central.Logs.Contains("no historian is storing values on node central", LogLevel.Warning),
                Patience,
                "the server says why it does not acknowledge");
            Assert.Equal(20, rig.ClientStatus["bufferedValues"]!.GetValue<long>());

            using var historian = new ValueCollector(rig.Central.Tags, "site1/*");
            await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 0, Patience, "acknowledged once something stores them");
            Assert.Equal(Enumerable.Range(1, 20), historian.Values.Select(v => (int)v.Number));
        }
        finally
        {
            await server.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task BufferedValues_SurviveARestartOfTheSendingModule()
    {
        await using var rig = LinkRig.Create();
        await rig.StartClientAsync();
        await rig.PublishCounterAsync(1, 300);
        await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 300, Patience, "300 values are buffered while no server listens");
        await rig.StopClientAsync();

        await rig.StartClientAsync();
        await rig.StartServerAsync();
        await Eventually.TrueAsync(() => rig.Received!.Count >= 300, Patience, "the values buffered before the restart arrive");
        await rig.PublishCounterAsync(301, 10);
        await Eventually.TrueAsync(() => rig.Received!.Count >= 310, Patience, "new values follow");
        await Task.Delay(300);
        Assert.Equal(Enumerable.Range(1, 310), rig.Received!.Values.Select(v => (int)v.Number));
    }

    [Fact]
    public async Task ASendingBufferRestoredFromAnOlderCopy_NewValuesStillArrive_NotTakenForValuesTheServerHolds()
    {
        await using var rig = LinkRig.Create();
        await rig.StartServerAsync();
        await rig.StartClientAsync();
        var buffer = Path.Combine(rig.ClientContext!.DataDirectory, "buffer");
        await SendAsync(1, 5);
        await rig.StopClientAsync();
        using var older = new TempDirectory();
        CopyFolder(buffer, older.Path);

        await rig.StartClientAsync();
        await SendAsync(6, 5);
        await rig.StopClientAsync();

        // The remote node's disk comes back as it was after value 5 (restored from a copy): the server holds 6..10 of this stream.
        Directory.Delete(buffer, recursive: true);
        CopyFolder(older.Path, buffer);
        await rig.StartClientAsync();
        await SendAsync(11, 5);

        await Task.Delay(300);
        Assert.Equal(Enumerable.Range(1, 15), rig.Received!.Values.Select(v => (int)v.Number));
        Assert.True(rig.Remote.Logs.Contains("5 beyond what the link buffer numbered", LogLevel.Warning), "the client says its buffer was behind the server");

        async Task SendAsync(int first, int count)
        {
            await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");
            await rig.PublishCounterAsync(first, count);
            await Eventually.TrueAsync(() => rig.Received!.Count >= first + count - 1, Patience, $"values {first}..{first + count - 1} arrive");
            await Eventually.TrueAsync(() => rig.ClientStatus["bufferedValues"]!.GetValue<long>() == 0, Patience, "the server acknowledged them");
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    [Fact]
    public async Task WithASyncInterval_ValuesWaitForTheIntervalsWrite_AndAStopWritesThemSoTheyArriveAfterARestart()
    {
        await using var rig = LinkRig.Create();
        await rig.StartServerAsync();
        var settings = rig.ClientSettings();
        settings["syncIntervalMs"] = 10_000;
        await rig.StartClientAsync(settings);
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the link client connects");

        // The first batch goes at once (no write for an interval yet); the next ones wait for the interval's write.
        await rig.PublishCounterAsync(1, 1);
        await Eventually.TrueAsync(() => rig.Received!.Count == 1, Patience, "the first value arrives");
        await rig.PublishCounterAsync(2, 20);
        await Task.Delay(500);
        Assert.Equal(1, rig.Received!.Count);

        // A stop writes what was gathered, so it is sent after the restart: nothing is lost by waiting.
        await rig.StopClientAsync();
        settings["syncIntervalMs"] = 0;
        await rig.StartClientAsync(settings);
        await Eventually.TrueAsync(() => rig.Received!.Count == 21, Patience, "the gathered values arrive after the restart");
        Assert.Equal(Enumerable.Range(1, 21), rig.Received!.Values.Select(v => (int)v.Number));
    }

    [Fact]
    public async Task ServerRefusesAClient_WhoseCertificateIsNotTrusted()
    {
        await using var rig = LinkRig.Create();
        using var stranger = new Hosting.TestNode("stranger");
        await rig.StartServerAsync(rig.ServerSettings(trusted: stranger.Certificate.Pem));
        await rig.StartClientAsync();
        await rig.PublishCounterAsync(1, 10);

        await Eventually.TrueAsync(() => rig.ServerStatus["rejected"]!.GetValue<long>() >= 1, Patience, "the server rejects the untrusted client");
        Assert.True(rig.Central.Logs.Contains(rig.Remote.Certificate.Fingerprint), "the server log names the refused certificate's fingerprint");
        await Eventually.TrueAsync(() => rig.ClientStatus["lastError"]?.GetValue<string>() is { Length: > 0 }, Patience, "the client reports why");
        Assert.False(rig.ClientConnected);
        Assert.Equal(0, rig.Received!.Count);
        Assert.Equal(10, rig.ClientStatus["bufferedValues"]!.GetValue<long>());
    }

    [Fact]
    public async Task ClientRefusesAServer_WhoseCertificateIsNotPinned()
    {
        await using var rig = LinkRig.Create();
        using var stranger = new Hosting.TestNode("stranger");
        await rig.StartServerAsync();
        await rig.StartClientAsync(rig.ClientSettings(pinned: stranger.Certificate.Pem));
        await rig.PublishCounterAsync(1, 10);

        await Eventually.TrueAsync(() => rig.Remote.Logs.Contains(rig.Central.Certificate.Fingerprint), Patience, "the client log names the refused server certificate");
        Assert.Contains("serverCertificates", rig.ClientStatus["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(rig.ClientConnected);
        Assert.Equal(0, rig.Received!.Count);
    }

    [Fact]
    public async Task AClientPinningBothNodesOfAPair_LinksToEither()
    {
        await using var rig = LinkRig.Create();
        using var otherNode = new Hosting.TestNode("central-backup");
        var settings = rig.ClientSettings();
        settings["serverCertificates"] = new[] { otherNode.Certificate.Pem, rig.Central.Certificate.Pem };
        await rig.StartServerAsync();
        await rig.StartClientAsync(settings);
        await Eventually.TrueAsync(() => rig.ClientConnected, Patience, "the client trusts the second pinned certificate");
    }

    [Fact]
    public async Task BufferOverflow_IsCounted_LoggedAndPublished_AndTheRestArrivesInOrder()
    {
        await using var rig = LinkRig.Create();
        rig.ErrorsExpected = true;
        var settings = rig.ClientSettings();
        settings["bufferLimitBytes"] = 64 * 1024;
        await rig.StartClientAsync(settings);
        await rig.PublishCounterAsync(1, 5000);

        await Eventually.TrueAsync(
            () => rig.ClientStatus["bufferedValues"]!.GetValue<long>() + rig.ClientStatus["overflowed"]!.GetValue<long>() == 5000,
            Patience,
            "every value is either buffered or counted as overflow");
        var status = rig.ClientStatus;
        var buffered = status["bufferedValues"]!.GetValue<long>();
        var overflowed = status["overflowed"]!.GetValue<long>();
        Assert.True(overflowed > 0, "the 64 KiB buffer cannot hold 5000 values");
        Assert.True(status["bufferedBytes"]!.GetValue<long>() <= 64 * 1024);
        Assert.True(rig.Remote.Logs.Contains("bufferLimitBytes", Microsoft.Extensions.Logging.LogLevel.Error));
        await Eventually.TrueAsync(
            () => rig.Remote.Tags.TryGetLatest("links/link-out/overflowed", out var tag) && tag.Number == overflowed,
            Patience,
            "the overflow count is published as a tag");

        await rig.StartServerAsync();
        await Eventually.TrueAsync(() => rig.Received!.Count >= buffered, Patience, "what was kept arrives");
        Assert.Equal(Enumerable.Range(1, (int)buffered), rig.Received!.Values.Select(v => (int)v.Number));
    }

    [Fact]
    public async Task Garbage_OnTheLinkPort_IsDropped_AndTheServerKeepsServing()
    {
        await using var rig = LinkRig.Create();
        await rig.StartServerAsync();
        var random = new Random(7);
        foreach (var first in new byte[] { 0x00, 0x16, (byte)'N', 0xFF })
        {
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync("127.0.0.1", rig.Port);
            var garbage = new byte[4096];
            random.NextBytes(garbage);
            garbage[0] = first;
            var stream = tcp.GetStream();
            await stream.WriteAsync(garbage);
            var closed = await ReadUntilClosedAsync(stream);
            Assert.True(closed, $"the server drops a connection sending garbage starting with 0x{first:X2}");
        }

        await Eventually.TrueAsync(() => rig.ServerStatus["rejected"]!.GetValue<long>() >= 4, Patience, "each garbage connection is counted");
        Assert.True(rig.Central.Logs.Contains("dropped", Microsoft.Extensions.Logging.LogLevel.Warning));

        await rig.StartClientAsync();
        await rig.PublishCounterAsync(1, 50);
        await Eventually.TrueAsync(() => rig.Received!.Count >= 50, Patience, "a real link still works");
    }

    [Fact]
    public async Task LinkServer_AnswersTheRoleProbe_BeforeTls()
    {
        await using var rig = LinkRig.Create();
        rig.Central.RoleGate.Set(RedundancyMode.Primary, NodeRole.Active, 7);
        await rig.StartServerAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", rig.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("N3ROLE?\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var answer = await reader.ReadLineAsync().WaitAsync(Patience);
        Assert.Equal("N3ROLE active 7 central", answer);
    }

    [Fact]
    public async Task AServerThatAcceptsButNeverAnswers_IsGivenUpAfterTheConnectionTimeout()
    {
        await using var rig = LinkRig.Create();
        await using var silent = SilentServer.Start(rig.Port);
        var settings = rig.ClientSettings();
        settings["connectionTimeout"] = 300;
        await rig.StartClientAsync(settings);

        await Eventually.TrueAsync(
            () => rig.ClientStatus["lastError"]?.GetValue<string>()?.Contains("connectionTimeout", StringComparison.Ordinal) == true,
            Patience,
            "the client gives up on a silent server and says which setting decided it");
        Assert.False(rig.ClientConnected);
    }

    [Fact]
    public async Task Settings_OutOfRange_FailWithTheFileInstanceSettingValueAndRange()
    {
        await using var rig = LinkRig.Create();
        const string where = "modules.json: instance 'link-out': ";
        var settings = rig.ClientSettings();
        settings["port"] = 70000;
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => rig.StartClientAsync(settings));
        Assert.Equal([where + "setting 'port' = '70000' must be a whole number in 1..65535"], error.Failures);

        settings = rig.ClientSettings();
        settings["serverCertificates"] = new[] { "no-such-file.pem" };
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => rig.StartClientAsync(settings));
        Assert.StartsWith(where + "setting 'serverCertificates[0]' is neither a PEM certificate nor an existing file", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.Contains("no-such-file.pem", error.Message, StringComparison.Ordinal);

        settings = rig.ClientSettings();
        settings["reconectDelay"] = 100;
        settings["connectionTimeout"] = 5;
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => rig.StartClientAsync(settings));
        Assert.Equal(2, error.Failures.Count());
        Assert.StartsWith(where + "setting 'reconectDelay' = '100' is not a setting here; known: role, port,", error.Failures.First(), StringComparison.Ordinal);
        Assert.Equal(where + "setting 'connectionTimeout' = '5' must be a whole number in 100..600000", error.Failures.Last());

        settings = rig.ClientSettings();
        settings["ackAfterStored"] = false;
        error = await Assert.ThrowsAsync<OptionsValidationException>(() => rig.StartClientAsync(settings));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(where + "setting 'ackAfterStored' = '", failure, StringComparison.Ordinal);
        Assert.Contains("' is not a setting of a client link; known: role, host, port,", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void NoOptionalSettings_BindTheDefaultsOfTheOptionsType()
    {
        using var context = new ModuleTestContext("Links", new { role = "client", host = "127.0.0.1", port = 1, serverCertificates = new[] { "x.pem" } }, "link-out");
        var options = ModuleFactory.Options<LinksModule, LinksOptions>(context);
        var defaults = new LinksOptions();
        Assert.Equal(
            (defaults.ConnectionTimeout, defaults.ReconnectDelay, defaults.BufferLimitBytes, defaults.MaxFrameBytes, defaults.MaxUnacknowledgedBytes, defaults.SyncInterval, defaults.ProbeInterval),
            (options.ConnectionTimeout, options.ReconnectDelay, options.BufferLimitBytes, options.MaxFrameBytes, options.MaxUnacknowledgedBytes, options.SyncInterval, options.ProbeInterval));
        Assert.Null(options.Mqtt);
        Assert.Empty(options.Tags);
    }

    private static async Task<bool> ReadUntilClosedAsync(System.Net.Sockets.NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
