using System.CommandLine;
using N3Host.Certificates;
using N3Host.Configuration;
using N3Host.Pairing;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host pair</c>: on the primary, opens a one-time code (through the running node) and waits until a backup used it;
/// <c>n3host pair --with HOST[:PORT] --code CODE</c>: on the backup (running or not), pairs with the primary by that code.
/// </summary>
internal static class PairCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var config = CommonOptions.Config();
        var with = new Option<string?>("--with") { Description = "On the backup: the primary's address and pairing port, HOST[:PORT] (default port 3003)" };
        var code = new Option<string?>("--code") { Description = "On the backup: the code n3host pair printed on the primary" };
        var listen = new Option<string?>("--listen") { Description = "On the primary: the address the backup reaches it on (default: server.networkInterface of the Redundancy instance)" };
        var noWait = new Option<bool>("--no-wait") { Description = "On the primary: print the code and return, instead of waiting until the backup used it" };
        var links = new Option<bool>("--links") { Description = "With --with and --code, on a remote node: put both pair nodes' certificates in this node's Links clients, and this node's in the pair's Links servers" };
        var command = new Command("pair", "Pair two nodes with a one-time code: run it on the primary, then with --with and --code on the backup")
        {
            config, with, code, listen, noWait, links,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var target = result.GetValue(with);
            var typed = result.GetValue(code);
            if (target is null && typed is null && !result.GetValue(links))
            {
                return await OpenAsync(result.GetValue(config), result.GetValue(listen), result.GetValue(noWait), cancellationToken);
            }

            if (target is null || typed is null)
            {
                throw new CliException("on the backup, give both --with HOST[:PORT] and --code CODE (see n3host pair --help)", ExitCodes.UsageOrConfig);
            }

            if (result.GetValue(listen) is not null || result.GetValue(noWait))
            {
                throw new CliException("--listen and --no-wait are for the primary; on the backup give --with and --code only (see n3host pair --help)", ExitCodes.UsageOrConfig);
            }

            return await JoinAsync(result.GetValue(config), target, typed, result.GetValue(links), cancellationToken);
        });
        return command;
    }

    private static async Task<int> OpenAsync(string? configPath, string? listen, bool noWait, CancellationToken cancellationToken)
    {
        using var client = NodeClient.Create(configPath);
        var query = listen is null ? string.Empty : "?listen=" + Uri.EscapeDataString(listen);
        var opened = await client.PostJsonAsync("api/pair" + query, cancellationToken);
        var code = opened["code"]?.GetValue<string>() ?? throw new CliException("the node opened no code", ExitCodes.Unexpected);
        var listening = opened["listening"]?.GetValue<string>() ?? "?";
        var expires = opened["expiresAt"]?.GetValue<DateTimeOffset>() is { } at ? PairingState.Clock(at) : "?";
        Console.Out.WriteLine($"Pairing code: {code}");
        Console.Out.WriteLine($"Valid until {expires}, for {opened["attemptsLeft"]} attempts. Listening for the backup on {listening}.");
        Console.Out.WriteLine("On the backup, run:");
        Console.Out.WriteLine($"  n3host pair --with {BackupTarget(listening)} --code {code}");
        if (noWait)
        {
            return ExitCodes.Ok;
        }

        Console.Out.WriteLine("Waiting for the backup (Ctrl-C stops waiting; the code stays open) ...");
        try
        {
            while (true)
            {
                await Task.Delay(PollInterval, TimeProvider.System, cancellationToken);
                var state = await client.GetJsonAsync("api/pair", cancellationToken);
                var phase = state["phase"]?.GetValue<string>();
                if (phase == "open" && state["code"]?.GetValue<string>() == code)
                {
                    continue;
                }

                var message = state["message"]?.GetValue<string>() ?? phase ?? "?";
                if (phase == "paired")
                {
                    Console.Out.WriteLine($"Paired with {state["peer"]}. This node's modules.json names it (mode primary, remoteCertificate {PairingConfigWriter.BackupCertificateFile}).");
                    Console.Out.WriteLine("Its redundancy instance restarts in primary mode and waits for the backup (at most server.initialStandbyTime); the pair comes up when the backup connects.");
                    return ExitCodes.Ok;
                }

                throw new CliException(phase == "open" ? "another n3host pair opened a new code; this one is void" : message, ExitCodes.Refused);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Out.WriteLine($"Stopped waiting. The code stays open until {expires}; n3host status shows nothing of it, GET /api/pair does.");
            return ExitCodes.Ok;
        }
    }

    private static async Task<int> JoinAsync(string? configPath, string with, string typed, bool links, CancellationToken cancellationToken)
    {
        var target = PairingTarget.Parse(with) ?? throw new CliException($"--with {with}: expected {PairingTarget.Rule}", ExitCodes.UsageOrConfig);
        var code = PairingCode.Parse(typed) ?? throw new CliException($"--code {typed}: expected {PairingCode.Rule}", ExitCodes.UsageOrConfig);
        var config = ConfigurationLoader.Load(ConfigPathResolver.Resolve(configPath));
        using var certificate = NodeCertificateStore.LoadOrCreate(config.Node.DataDirectory, config.Node.Name, TimeProvider.System, out _);
        PairingOutcome outcome;
        try
        {
            outcome = await PairingJoin.JoinAsync(config, certificate, target, code, links, TimeProvider.System, cancellationToken);
        }
        catch (PairingRefusedException e)
        {
            throw new CliException(e.Message, ExitCodes.Refused);
        }
        catch (PairingUnreachableException e)
        {
            throw new CliException(e.Message, ExitCodes.NodeUnavailable);
        }

        if (links)
        {
            return await LinksPairedAsync(configPath, outcome, cancellationToken);
        }

        Console.Out.WriteLine($"Paired with primary {outcome.Peer.Node} (certificate SHA-256 {PairingCertificates.Fingerprint(outcome.Peer.Certificate, "the primary")}).");
        Console.Out.WriteLine($"This node: {outcome.Applied}.");
        if (outcome.PeerConfirmed is { } problem)
        {
            Console.Out.WriteLine($"The primary did not confirm its side: {problem}. Check its log, and run n3host pair there again if it is not paired.");
        }

        if (outcome.PeerConfirmed is not null)
        {
            return ExitCodes.Refused;
        }

        try
        {
            using var client = NodeClient.Create(configPath);
            await client.PostJsonAsync("api/pair/apply", cancellationToken);
            Console.Out.WriteLine("This node applied it: its redundancy instance runs as the backup and connects to the primary; n3host status shows the pair.");
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NodeUnavailable)
        {
            Console.Out.WriteLine($"This node does not run: start it (n3host run --config {config.ConfigPath}) and the pair comes up.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>After <c>--links</c>: says what was written on both sides, and applies it on this node if it runs.</summary>
    private static async Task<int> LinksPairedAsync(string? configPath, PairingOutcome outcome, CancellationToken cancellationToken)
    {
        Console.Out.WriteLine($"Links paired with {outcome.Peer.Node} (its pair: {outcome.Peer.PairCertificates?.Count ?? 1} certificate(s)).");
        Console.Out.WriteLine($"This node: {outcome.Applied}.");
        if (outcome.PeerConfirmed is { } problem)
        {
            Console.Out.WriteLine($"The primary did not confirm its side: {problem}.");
            return ExitCodes.Refused;
        }

        Console.Out.WriteLine($"{outcome.Peer.Node} trusts this node in its Links servers and reloaded (its backup gets the change through the configuration sync).");
        try
        {
            using var client = NodeClient.Create(configPath);
            var answer = await client.PostJsonAsync("api/config/reload", cancellationToken);
            Console.Out.WriteLine($"This node reloaded: {answer["message"]}.");
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.NodeUnavailable)
        {
            Console.Out.WriteLine("This node does not run: the Links clients take the certificates when it starts.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>What the backup passes as <c>--with</c>: the listening address, or a placeholder when the primary listens on every address.</summary>
    private static string BackupTarget(string listening)
    {
        var colon = listening.LastIndexOf(':');
        var (host, port) = colon > 0 ? (listening[..colon], listening[(colon + 1)..]) : (listening, string.Empty);
        if (host is "0.0.0.0" or "[::]")
        {
            host = "PRIMARY-ADDRESS";
        }

        return port == PairingSettings.DefaultPairingPort.ToString(System.Globalization.CultureInfo.InvariantCulture) ? host : $"{host}:{port}";
    }
}
