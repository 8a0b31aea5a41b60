using Microsoft.Extensions.Options;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Links.Tests.Hosting;
using N3Host.Testing.Harness;
using N3Host.Plugins.RedundancyAgent;
using N3Host.Testing;
using Xunit;

namespace Links.Tests.Agent;

/// <summary>
/// The agent's forwarding itself, on plain TCP: every byte in both directions, a half-close passed on, a
/// connection closed when the pair fails over. Both paths: zero-copy (splice(2), Linux) and the managed copy.
/// </summary>
public sealed class AgentForwardingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Agent_ForwardsEveryByteBothWays_AndPassesAHalfCloseOn(bool zeroCopy)
    {
        var toPair = Payload(8 << 20, seed: 1);
        var fromPair = Payload(3 << 20, seed: 2);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var node = new RawTarget("alpha", async (socket, first) =>
        {
            // Reads until the client's half-close arrives, then answers on the still open direction and closes.
            var got = new MemoryStream();
            got.WriteByte(first);
            await ReadToEndAsync(socket, got);
            received.SetResult(got.ToArray());
            await socket.SendAsync(fromPair, SocketFlags.None);
            socket.Shutdown(SocketShutdown.Send);
        }) { Active = true, Term = 1 };
        await using var unused = new RawTarget("beta", (_, _) => Task.CompletedTask);
        await using var agent = await AgentAsync(node, unused, zeroCopy);

        using var client = await ConnectAsync(agent.Port);
        await client.SendAsync(toPair, SocketFlags.None);
        client.Shutdown(SocketShutdown.Send);
        var back = new MemoryStream();
        await ReadToEndAsync(client, back).WaitAsync(Patience);

        Assert.Equal(toPair, await received.Task.WaitAsync(Patience));
        Assert.Equal(fromPair, back.ToArray());
        await Eventually.TrueAsync(() => agent.Status["connections"]!.GetValue<int>() == 0, Patience, "the forwarded connection ends once both sides closed");
        Assert.Equal(toPair.Length, agent.Status["bytesToPair"]!.GetValue<long>());
        Assert.Equal(fromPair.Length, agent.Status["bytesFromPair"]!.GetValue<long>());
        Assert.False(zeroCopy && OperatingSystem.IsLinux() && agent.Logged("splice(2) is not available"), "on Linux the zero-copy path forwards, without falling back to the copy");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Agent_ClosesTheConnectionToTheOldActiveNode_OnAFailover_AndTheNextReachesTheNewOne(bool zeroCopy)
    {
        await using var alpha = new RawTarget("alpha", (socket, first) => EchoAsync("alpha", socket, first)) { Active = true, Term = 1 };
        await using var beta = new RawTarget("beta", (socket, first) => EchoAsync("beta", socket, first));
        await using var agent = await AgentAsync(alpha, beta, zeroCopy);
        using var first = await ConnectAsync(agent.Port);
        Assert.Equal("alpha:hello", await AskAsync(first, "hello"));

        alpha.Active = false;
        beta.Active = true;
        beta.Term = 2;

        // The agent notices within a health check period or so, and closes the connection it forwards to alpha.
        var closed = new byte[64];
        var end = await ReceiveOrResetAsync(first, closed).WaitAsync(Patience);
        Assert.Equal(0, end);
        await Eventually.TrueAsync(() => agent.Status["targetNode"]?.GetValue<string>() == "beta", Patience, "the agent targets beta");
        using var second = await ConnectAsync(agent.Port);
        Assert.Equal("beta:again", await AskAsync(second, "again"));
    }

    [Fact]
    public void Agent_RefusesAZeroCopySettingThatIsNotTrueOrFalse_NamingIt()
    {
        using var node = new TestNode("site1");
        var error = Assert.Throws<OptionsValidationException>(() => node.Create(
            "agent",
            "RedundancyAgent",
            new { port = 3011, primary = new { host = "127.0.0.1", port = 3010 }, backup = new { host = "127.0.0.1", port = 3012 }, zeroCopy = "yes" },
            c => ModuleFactory.Create<RedundancyAgentModule>(c)));
        Assert.Equal(["modules.json: instance 'agent': setting 'zeroCopy' = 'yes' must be true or false"], error.Failures);
    }

    [Fact]
    public void Agent_WithTwoBadSettings_ReportsBoth_AndBindsTheDefaultsOtherwise()
    {
        using var node = new TestNode("site1");
        var error = Assert.Throws<OptionsValidationException>(() => node.Create(
            "agent",
            "RedundancyAgent",
            new { port = 0, primary = new { host = "127.0.0.1", port = 3010 }, backup = new { host = "127.0.0.1" } },
            c => ModuleFactory.Create<RedundancyAgentModule>(c)));
        Assert.Equal(
            [
                "modules.json: instance 'agent': setting 'port' = '0' must be a whole number in 1..65535",
                "modules.json: instance 'agent': setting 'backup.port' is missing: it must be a whole number in 1..65535",
            ],
            error.Failures);

        using var context = new ModuleTestContext("RedundancyAgent", new { port = 3011, primary = new { host = "a", port = 3010 }, backup = new { host = "b", port = 3012 } }, "agent");
        var options = ModuleFactory.Options<RedundancyAgentModule, AgentOptions>(context);
        var defaults = new AgentOptions();
        Assert.Equal((defaults.HealthCheckPeriod, defaults.HealthCheckTimeout, defaults.ConnectTimeout, defaults.BufferSize, defaults.ZeroCopy, defaults.NetworkInterface),
            (options.HealthCheckPeriod, options.HealthCheckTimeout, options.ConnectTimeout, options.BufferSize, options.ZeroCopy, options.NetworkInterface));
        Assert.Equal("backup b:3012", options.Backup.ToString());
    }

    /// <summary>Answers each line with "&lt;node&gt;:&lt;line&gt;" (the first byte is the line's first character).</summary>
    private static async Task EchoAsync(string node, Socket socket, byte first)
    {
        var line = new List<byte> { first };
        var buffer = new byte[256];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            foreach (var b in buffer.Take(n).ToArray())
            {
                if (b == '\n')
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes(node + ":" + Encoding.ASCII.GetString([.. line]) + "\n"), SocketFlags.None);
                    line.Clear();
                }
                else
                {
                    line.Add(b);
                }
            }
        }
    }

    private static async Task<string> AskAsync(Socket socket, string line)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(line + "\n"), SocketFlags.None);
        var answer = new MemoryStream();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None).WaitAsync(Patience) == 1 && one[0] != '\n')
        {
            answer.WriteByte(one[0]);
        }

        return Encoding.ASCII.GetString(answer.ToArray());
    }

    /// <summary>0 at the end of the stream or on a reset (either is "the agent closed it"); otherwise the bytes read.</summary>
    private static async Task<int> ReceiveOrResetAsync(Socket socket, byte[] buffer)
    {
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return 0;
        }
    }

    private static async Task ReadToEndAsync(Socket socket, MemoryStream into)
    {
        var buffer = new byte[64 << 10];
        int n;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None)) > 0)
        {
            into.Write(buffer, 0, n);
        }
    }

    private static byte[] Payload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = (byte)'x'; // not 'N', which the target takes for a role probe
        return bytes;
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return socket;
    }

    private static async Task<RunningAgent> AgentAsync(RawTarget primary, RawTarget backup, bool zeroCopy)
    {
        var node = new TestNode("site1");
        var port = FreePort.Get();
        var (agent, context) = node.Create(
            "agent",
            "RedundancyAgent",
            new
            {
                port,
                primary = new { host = "127.0.0.1", port = primary.Port },
                backup = new { host = "127.0.0.1", port = backup.Port },
                healthCheckPeriod = 50,
                zeroCopy,
            },
            c => ModuleFactory.Create<RedundancyAgentModule>(c));
        await agent.StartAsync(context, CancellationToken.None);
        var running = new RunningAgent(node, agent, port);
        await Eventually.TrueAsync(() => running.Status["targetNode"]?.GetValue<string>() == primary.Name, Patience, "the agent finds the active node");
        return running;
    }
}
