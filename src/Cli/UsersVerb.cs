using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Api.Security;

namespace Synthesis.Cli;

/// <summary>People who may log in to the web app, and API keys for programs.</summary>
static class UsersVerb
{
    public static Command Command(CliContext cli)
    {
        var root = new Command("users", "Users of the web app and API keys for programs");
        root.Subcommands.Add(Add(cli));
        root.Subcommands.Add(List(cli));
        root.Subcommands.Add(Key(cli));
        root.Subcommands.Add(Password(cli));
        root.Subcommands.Add(Remove(cli));
        return root;
    }

    static string Role(string? role) =>
        Roles.IsRole(role?.ToLowerInvariant()) ? role!.ToLowerInvariant() : throw new UsageException($"--role must be one of {string.Join(", ", Roles.All)}");

    static Command Add(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Login name" };
        var role = new Option<string>("--role") { Description = "analyst, reviewer or admin", DefaultValueFactory = _ => Roles.Analyst };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one" };
        var command = new Command("add", "Add a user; prints a generated password unless --password-stdin") { name, role, passwordStdin };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var store = cli.OpenStore(result);
            var r = Role(result.GetValue(role));
            var generated = result.GetValue(passwordStdin) ? null : Accounts.GeneratePassword();
            var password = generated ?? Console.In.ReadLine() ?? "";
            try
            {
                var user = new Accounts(store).AddUser(result.GetValue(name)!, password, r);
                if (result.GetValue(Commands.Json))
                    Console.WriteLine(new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["role"] = user.Role, ["password"] = generated }.ToJsonString());
                else
                    Console.WriteLine(generated is null ? $"user '{user.Name}' ({user.Role}) added" : $"user '{user.Name}' ({user.Role}) added with password {generated}");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    static Command List(CliContext cli)
    {
        var command = new Command("list", "The users and their roles");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var users = new Accounts(cli.OpenStore(result, mustExist: true)).Users();
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject { ["users"] = new JsonArray(users.Select(u => (JsonNode)new JsonObject { ["id"] = u.Id, ["name"] = u.Name, ["role"] = u.Role, ["disabled"] = u.Disabled }).ToArray()) }.ToJsonString());
            else
                foreach (var u in users) Console.WriteLine($"{u.Id}\t{u.Name}\t{u.Role}{(u.Disabled ? "\tdisabled" : "")}");
            return Task.FromResult(0);
        }));
        return command;
    }

    static UserAccount Named(Accounts accounts, string name) =>
        accounts.Users().FirstOrDefault(u => string.Equals(u.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"there is no user named '{name}' (see 'synthesis users list')");

    static Command Password(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Login name" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from standard input instead of generating one" };
        var command = new Command("password", "Give a user a new password (prints a generated one unless --password-stdin); their open sessions end") { name, passwordStdin };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var accounts = new Accounts(cli.OpenStore(result, mustExist: true));
            var user = Named(accounts, result.GetValue(name)!);
            var generated = result.GetValue(passwordStdin) ? null : Accounts.GeneratePassword();
            try
            {
                accounts.SetPassword(user.Id, generated ?? Console.In.ReadLine() ?? "");
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message);
            }
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["password"] = generated }.ToJsonString());
            else
                Console.WriteLine(generated is null ? $"password of '{user.Name}' changed; their sessions are ended" : $"new password of '{user.Name}': {generated} (their sessions are ended)");
            return Task.FromResult(0);
        }));
        return command;
    }

    static Command Remove(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Login name" };
        var command = new Command("remove", "Delete a user; their open sessions end (their review decisions stay, under their name)") { name };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var accounts = new Accounts(cli.OpenStore(result, mustExist: true));
            var user = Named(accounts, result.GetValue(name)!);
            accounts.DeleteUser(user.Id);
            Console.WriteLine(result.GetValue(Commands.Json) ? new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["removed"] = true }.ToJsonString() : $"user '{user.Name}' removed");
            return Task.FromResult(0);
        }));
        return command;
    }

    static Command Key(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Which program uses the key" };
        var role = new Option<string>("--role") { Description = "analyst, reviewer or admin", DefaultValueFactory = _ => Roles.Analyst };
        var command = new Command("key", "Create an API key; its secret is printed once") { name, role };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var (key, secret) = new Accounts(cli.OpenStore(result)).CreateApiKey(result.GetValue(name)!, Role(result.GetValue(role)), "cli");
            Console.WriteLine(result.GetValue(Commands.Json) ? new JsonObject { ["id"] = key.Id, ["name"] = key.Name, ["role"] = key.Role, ["secret"] = secret }.ToJsonString() : secret);
            return Task.FromResult(0);
        }));
        return command;
    }
}
