using System.Security.Cryptography;
using N3Host.Configuration;

namespace N3Host.Api.Security;

/// <summary>
/// The node's API secret: <c>&lt;data&gt;/api.secret</c>, 0600, made at the node's first start. Whoever can read it is the node's administrator
/// (the CLI sends it as <c>Authorization: Bearer</c>); another local user without it can read nothing and change nothing.
/// </summary>
internal static class ApiSecret
{
    public const string FileName = "api.secret";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>Reads the secret, or makes one (32 random bytes, base64url) when there is none yet.</summary>
    public static string LoadOrCreate(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (File.Exists(path))
        {
            return Read(path);
        }

        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        AtomicFile.Write(path, secret + "\n", keepPrevious: false, ownerOnly: true);
        return secret;
    }

    /// <summary>
    /// The CLI's read: null when the file does not exist (the node has not started yet: the call then says nothing answers, or the node
    /// refuses it); a clear error when it is there but not readable by this user.
    /// </summary>
    public static string? TryReadForCli(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        try
        {
            return Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"{path} is not readable by this user: run the command as the user that runs the node (the file is the node's API secret, 0600)");
        }
    }

    private static string Read(string path)
    {
        var secret = File.ReadAllText(path).Trim();
        return secret.Length >= 16 ? secret : throw new IOException($"{path} holds no usable secret: delete it and restart the node to make a new one");
    }
}
