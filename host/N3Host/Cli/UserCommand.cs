using System.CommandLine;
using System.Text;
using N3Host.Api.Security;
using N3Host.Configuration;

namespace N3Host.Cli;

/// <summary>
/// <c>n3host user add|passwd|remove|list</c>: the console's users in the node's data folder (users.json, 0600, passwords hashed). Works whether
/// or not the node runs: the node reads the file at each login.
/// </summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var name = new Argument<string>("NAME") { Description = "The user's name (letters, digits, '-', '_', '.', '@'; 1 to 64)" };
        var role = new Option<string>("--role", "-r")
        {
            Description = "viewer (reads), operator (also failover, failback, drill) or admin (also reload, pairing)",
            DefaultValueFactory = _ => ApiRoles.Viewer,
        };
        role.AcceptOnlyFromAmong(ApiRoles.All);

        var add = new Command("add", "Add a user (or replace one of that name); asks for the password, or reads one line from standard input") { name, role, config };
        add.SetAction(result =>
        {
            var store = Store(result.GetValue(config));
            var user = CheckName(result.GetValue(name)!);
            store.Set(user, result.GetValue(role)!, ReadPassword(user));
            Console.Out.WriteLine($"user {user} ({result.GetValue(role)}) saved in {store.Path}");
            return ExitCodes.Ok;
        });

        var passwd = new Command("passwd", "Set a user's password") { name, config };
        passwd.SetAction(result =>
        {
            var store = Store(result.GetValue(config));
            var user = store.Find(result.GetValue(name)!) ?? throw new CliException($"no user {result.GetValue(name)} in {store.Path} (n3host user list)", ExitCodes.Refused);
            store.Set(user.Name, user.Role, ReadPassword(user.Name));
            Console.Out.WriteLine($"password of {user.Name} changed");
            return ExitCodes.Ok;
        });

        var remove = new Command("remove", "Remove a user") { name, config };
        remove.SetAction(result =>
        {
            var store = Store(result.GetValue(config));
            if (!store.Remove(result.GetValue(name)!))
            {
                throw new CliException($"no user {result.GetValue(name)} in {store.Path} (n3host user list)", ExitCodes.Refused);
            }

            Console.Out.WriteLine($"user {result.GetValue(name)} removed (a session already open ends when its cookie expires or the node restarts)");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List the users and their roles") { config };
        list.SetAction(result =>
        {
            var store = Store(result.GetValue(config));
            var users = store.Load();
            Console.Out.Write(users.Count == 0
                ? $"no users yet (n3host user add NAME --role operator); the CLI and n3host console work without\n"
                : TextTable.Format(["USER", "ROLE"], users.Select(u => (IReadOnlyList<string>)[u.Name, u.Role])));
            return ExitCodes.Ok;
        });

        return new Command("user", "The console's users: who may log in, with which role") { add, passwd, remove, list };
    }

    private static UserStore Store(string? configPath)
    {
        var config = ConfigurationLoader.Load(ConfigPathResolver.Resolve(configPath));
        Directory.CreateDirectory(config.Node.DataDirectory);
        return new UserStore(config.Node.DataDirectory);
    }

    private static string CheckName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@')
            ? name
            : throw new CliException($"user name \"{name}\" is not allowed: use 1 to 64 letters, digits, '-', '_', '.' or '@'", ExitCodes.UsageOrConfig);

    /// <summary>From standard input when it is redirected (one line), else asked twice on the terminal without echo.</summary>
    private static string ReadPassword(string user)
    {
        string password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine() ?? string.Empty;
        }
        else
        {
            password = Prompt($"password for {user}: ");
            if (Prompt("again: ") != password)
            {
                throw new CliException("the two passwords differ; nothing was changed", ExitCodes.UsageOrConfig);
            }
        }

        return password.Length >= UserStore.MinimumPasswordLength
            ? password
            : throw new CliException($"a password needs at least {UserStore.MinimumPasswordLength} characters; nothing was changed", ExitCodes.UsageOrConfig);
    }

    private static string Prompt(string text)
    {
        Console.Error.Write(text);
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return typed.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
    }
}
