using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using N3Host.Configuration;

namespace N3Host.Api.Security;

/// <summary>A console user: name, role, and the password's hash (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>, PBKDF2).</summary>
internal sealed record ApiUser(string Name, string Role, string Hash);

/// <summary>
/// The console's users in <c>&lt;data&gt;/users.json</c> (0600). <c>n3host user</c> edits the file; the node reads it at each login, so a
/// change counts at once, without a restart.
/// </summary>
internal sealed class UserStore(string dataDirectory)
{
    public const string FileName = "users.json";
    public const int MinimumPasswordLength = 8;

    private static readonly PasswordHasher<ApiUser> Hasher = new();
    private static readonly JsonSerializerOptions FileOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Path { get; } = System.IO.Path.Combine(dataDirectory, FileName);

    /// <summary>The users, or none when the file does not exist. A file that does not parse is an <see cref="IOException"/> naming it.</summary>
    public IReadOnlyList<ApiUser> Load()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<UsersFile>(text, FileOptions)?.Users ?? [];
        }
        catch (JsonException e)
        {
            throw new IOException($"{Path}: malformed JSON at line {(e.LineNumber ?? 0) + 1}: edit it with n3host user, or delete it to have no users", e);
        }
    }

    public ApiUser? Find(string name) => Load().FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds or replaces <paramref name="name"/>; the password is hashed, never stored.</summary>
    public void Set(string name, string role, string password)
    {
        var users = Load().Where(u => !string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        users.Add(new ApiUser(name, role, Hash(name, role, password)));
        Save(users);
    }

    public bool Remove(string name)
    {
        var users = Load().ToList();
        var removed = users.RemoveAll(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase)) > 0;
        if (removed)
        {
            Save(users);
        }

        return removed;
    }

    /// <summary>The user when <paramref name="password"/> is theirs; null otherwise (an unknown name costs as much time as a wrong password).</summary>
    public ApiUser? Verify(string name, string password)
    {
        var user = Find(name);
        if (user is null)
        {
            // The same work as a real check: a wrong name and a wrong password take as long.
            Hasher.VerifyHashedPassword(Decoy, Decoy.Hash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(user, user.Hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded
            ? user
            : null;
    }

    private static readonly ApiUser Decoy = new("-", ApiRoles.Viewer, Hasher.HashPassword(new ApiUser("-", ApiRoles.Viewer, ""), "decoy password"));

    private static string Hash(string name, string role, string password) => Hasher.HashPassword(new ApiUser(name, role, ""), password);

    private void Save(List<ApiUser> users) =>
        AtomicFile.Write(Path, JsonSerializer.Serialize(new UsersFile { Users = [.. users.OrderBy(u => u.Name, StringComparer.OrdinalIgnoreCase)] }, FileOptions), keepPrevious: false, ownerOnly: true);

    private sealed class UsersFile
    {
        public List<ApiUser> Users { get; set; } = [];
    }
}
