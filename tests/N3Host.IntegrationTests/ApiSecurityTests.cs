using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using N3Host.Testing;
using Xunit;

namespace N3Host.IntegrationTests;

/// <summary>
/// The management API as an attacker and as its users meet it: a page on another site, a forged Host, a local user without the node's
/// secret, a wrong password, a console link; and the node bound beyond loopback (HTTPS only, with its own certificate).
/// </summary>
[Collection(PublishedHostCollection.Name)]
public sealed class ApiSecurityTests(PublishedHost host)
{
    [Fact]
    public async Task APageOnAnotherSite_CannotChangeAnything_AndAForgedHostIsRefused_EvenWithTheSecret()
    {
        using var node = new TestNode(host, "sec-a");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        // The configuration on disk changes; only a reload would put it in force.
        node.Config.Add("late", "DropInPlugin", new { periodMs = 100 });
        node.Config.WriteTo(node.ConfigPath);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.ApiPort}/") };
        var secret = NodeApiClient.TryReadSecret(node.DataDirectory)!;

        // The reported attack: a cross-site text/plain POST with a foreign Origin (a browser sends no secret; here even the secret does not help).
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "api/config/reload") { Content = new StringContent("x", Encoding.UTF8, "text/plain") };
        crossSite.Headers.Add("Origin", "http://evil.example");
        crossSite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        crossSite.Headers.Add("X-N3Host-Request", "1");
        var refused = await http.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("cross-site request refused: it comes from http://evil.example", await ErrorAsync(refused));

        // A form post carries no custom header: refused too.
        using var form = new HttpRequestMessage(HttpMethod.Post, "api/config/reload") { Content = new FormUrlEncodedContent([]) };
        form.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var noHeader = await http.SendAsync(form);
        Assert.Equal(HttpStatusCode.Forbidden, noHeader.StatusCode);
        Assert.Contains("X-N3Host-Request", await ErrorAsync(noHeader));

        // DNS rebinding: a name that points at 127.0.0.1 is still not this node's name.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/tags");
        rebound.Headers.Host = "evil.example";
        rebound.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        Assert.DoesNotContain(await node.StatusAsync() is var status ? status["modules"]!.AsArray() : [], m => m!["instance"]!.GetValue<string>() == "late");
        var audit = await File.ReadAllLinesAsync(Path.Combine(node.DataDirectory, "audit.log"));
        Assert.Contains(audit, l => l.Contains("\"action\":\"POST /api/config/reload\"", StringComparison.Ordinal) && l.Contains("\"status\":403", StringComparison.Ordinal)
            && l.Contains("evil.example", StringComparison.Ordinal));

        // The CLI (the secret, the header, no Origin) still reloads, and the audit log says who did.
        var reload = await node.CliAsync("reload");
        Assert.True(reload.ExitCode == 0, reload.Output);
        Assert.Contains((await node.StatusAsync())["modules"]!.AsArray(), m => m!["instance"]!.GetValue<string>() == "late");
        audit = await File.ReadAllLinesAsync(Path.Combine(node.DataDirectory, "audit.log"));
        Assert.Contains(audit, l => l.Contains("\"user\":\"cli\"", StringComparison.Ordinal) && l.Contains("\"action\":\"POST /api/config/reload\",\"status\":200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutTheNodesSecret_TheApiAnswersNothing()
    {
        using var node = new TestNode(host, "sec-b");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);
        var secretFile = Path.Combine(node.DataDirectory, "api.secret");
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(secretFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{node.ApiPort}/") };
        var anonymous = await http.GetAsync(new Uri("api/tags", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("DENY", anonymous.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("log in first", await ErrorAsync(anonymous));

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/status");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-secret-of-this-node");
        var refused = await http.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("the API secret does not match", await ErrorAsync(refused));

        // Another user's view: the same node, a configuration whose data folder holds no secret.
        using var other = new TempDirectory("n3host-other-user");
        var otherConfig = JsonNode.Parse(await File.ReadAllTextAsync(node.ConfigPath))!;
        otherConfig["node"]!["dataDirectory"] = other.Combine("data");
        var otherPath = other.Combine("modules.json");
        await File.WriteAllTextAsync(otherPath, otherConfig.ToJsonString());
        var status = await host.CliAsync("status", "--config", otherPath);
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("answers, but its API secret", status.StdErr);
        Assert.Equal(string.Empty, status.StdOut);
    }

    [Fact]
    public async Task Users_LogInWithTheirRole_AndWrongPasswordsLockTheName()
    {
        using var node = new TestNode(host, "sec-c");
        node.Config.Root["node"]!["api"] = new JsonObject { ["lockoutFailures"] = 3, ["lockoutSeconds"] = 600 };
        node.Config.WriteTo(node.ConfigPath);
        var added = await host.CliWithInputAsync("operator-pass-1\n", "user", "add", "olga", "--role", "operator", "--config", node.ConfigPath);
        Assert.True(added.ExitCode == 0, added.Output);
        var usersFile = Path.Combine(node.DataDirectory, "users.json");
        Assert.DoesNotContain("operator-pass-1", await File.ReadAllTextAsync(usersFile));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(usersFile) == (UnixFileMode.UserRead | UnixFileMode.UserWrite));
        var tooShort = await host.CliWithInputAsync("short\n", "user", "add", "sam", "--config", node.ConfigPath);
        Assert.Equal(1, tooShort.ExitCode);
        Assert.Contains("at least 8 characters", tooShort.StdErr);

        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);
        using var browser = Browser(node);

        var login = await PostAsync(browser, "api/login", new { user = "olga", password = "operator-pass-1" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));
        var me = await browser.GetFromJsonAsync<JsonNode>("api/me");
        Assert.Equal("operator", me!["role"]!.GetValue<string>());

        // An operator reads and runs the pair, but may not reload the node's configuration.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("api/status", UriKind.Relative))).StatusCode);
        var reload = await PostAsync(browser, "api/config/reload", new { });
        Assert.Equal(HttpStatusCode.Forbidden, reload.StatusCode);
        Assert.Contains("needs the role admin", await ErrorAsync(reload));
        var failover = await PostAsync(browser, "api/failover", new { });
        Assert.Equal(HttpStatusCode.Conflict, failover.StatusCode); // allowed, and refused by the node: it is standalone
        Assert.Contains("standalone", await ErrorAsync(failover));

        // Three wrong passwords lock the name; then even the right one is refused, and the audit log has every attempt.
        using var attacker = Browser(node);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wrong = await PostAsync(attacker, "api/login", new { user = "olga", password = "guess-" + attempt });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains($"{3 - attempt} more tries", await ErrorAsync(wrong));
        }

        var third = await PostAsync(attacker, "api/login", new { user = "olga", password = "guess-3" });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("locked until", await ErrorAsync(third));
        var right = await PostAsync(attacker, "api/login", new { user = "olga", password = "operator-pass-1" });
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);

        var audit = await File.ReadAllLinesAsync(Path.Combine(node.DataDirectory, "audit.log"));
        Assert.Equal(4, audit.Count(l => l.Contains("\"user\":\"olga\"", StringComparison.Ordinal) && l.Contains("\"action\":\"login\"", StringComparison.Ordinal)
            && !l.Contains("\"status\":200", StringComparison.Ordinal)));
        Assert.Contains(audit, l => l.Contains("\"user\":\"olga\",\"role\":\"operator\"", StringComparison.Ordinal) && l.Contains("POST /api/config/reload\",\"status\":403", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, l => l.Contains("guess-", StringComparison.Ordinal) || l.Contains("operator-pass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConsoleLink_LogsInOnce()
    {
        using var node = new TestNode(host, "sec-d");
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);

        var link = await node.CliAsync("console");
        Assert.True(link.ExitCode == 0, link.Output);
        var url = new Uri(link.StdOut.Trim());
        Assert.Equal($"http://127.0.0.1:{node.ApiPort}/", url.GetLeftPart(UriPartial.Path));
        var token = url.Fragment.Replace("#token=", string.Empty, StringComparison.Ordinal);

        using var browser = Browser(node);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync(new Uri("api/status", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(browser, "api/login", new { token })).StatusCode);
        Assert.Equal("admin", (await browser.GetFromJsonAsync<JsonNode>("api/me"))!["role"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("api/status", UriKind.Relative))).StatusCode);

        using var second = Browser(node);
        var reused = await PostAsync(second, "api/login", new { token });
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Contains("used already", await ErrorAsync(reused));
    }

    [Fact]
    public async Task BoundBeyondLoopback_ItServesHttpsOnly_WithTheNodesOwnCertificate()
    {
        using var node = new TestNode(host, "sec-e");
        node.Config.Root["node"]!["api"] = new JsonObject { ["bind"] = "0.0.0.0" };
        await using var process = node.Start();
        await node.WaitUntilUpAsync(process);
        Assert.Contains(process.Lines, l => l.Contains($"management API on https://127.0.0.1:{node.ApiPort}/", StringComparison.Ordinal));

        // Plain HTTP gets no answer from the API.
        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var answered = false;
            try
            {
                var response = await plain.GetAsync(new Uri($"http://127.0.0.1:{node.ApiPort}/api/status"));
                answered = response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
            }

            Assert.False(answered, "the API answered plain HTTP while bound beyond loopback");
        }

        // HTTPS with the node's own certificate (the one n3host cert show prints), and the session cookie is Secure.
        var shown = await node.CliAsync("cert", "show");
        using var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(shown.StdOut);
        string? served = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                served = certificate?.Thumbprint;
                return certificate?.Thumbprint == expected.Thumbprint;
            },
        };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{node.ApiPort}/") };
        var link = await node.CliAsync("console");
        Assert.True(link.ExitCode == 0, link.Output);
        Assert.StartsWith($"https://127.0.0.1:{node.ApiPort}/#token=", link.StdOut.Trim());
        var login = await PostAsync(https, "api/login", new { token = new Uri(link.StdOut.Trim()).Fragment[7..] });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(expected.Thumbprint, served);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        // The CLI follows: it calls the node over HTTPS and trusts only the node's own certificate.
        var status = await node.CliAsync("status", "--json");
        Assert.True(status.ExitCode == 0, status.Output);
        Assert.Equal("https", JsonNode.Parse(status.StdOut)!["services"]!["api"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABindAddressThatIsNotThisMachines_StopsTheStart_WithTheSettingNamed()
    {
        using var node = new TestNode(host, "sec-f");
        node.Config.Root["node"]!["api"] = new JsonObject { ["bind"] = "192.0.2.77" };
        await using var process = node.Start();

        Assert.Equal(1, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(process.Lines, l => l.Contains("node.api.bind: 192.0.2.77 is not an address of this machine", StringComparison.Ordinal));
    }

    private static HttpClient Browser(TestNode node) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{node.ApiPort}/") };

    /// <summary>A POST as the console sends it: JSON, the custom header, the node's own Origin.</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-N3Host-Request", "1");
        request.Headers.Add("Origin", http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        return http.SendAsync(request);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?.GetValue<string>() ?? string.Empty;
}
