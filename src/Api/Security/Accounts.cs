using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Synthesis.Api.Security;

public sealed record UserAccount(long Id, string Name, string Role, DateTimeOffset CreatedAt, bool Disabled);

public sealed record ApiKeyInfo(long Id, string Name, string Prefix, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// People (name, role, password hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/>) and programs (API
/// keys: random 32-byte secrets shown once; only their SHA-256 is stored, which is enough for a secret with that much
/// entropy and lets a request be checked with one indexed lookup).
/// </summary>
public sealed class Accounts(SynthesisStore store)
{
    const string KeyPrefix = "syn_";
    static readonly PasswordHasher<string> Hasher = new();

    public SynthesisStore Store => store;

    public bool AnyUser()
    {
        using var c = store.Connect();
        return c.ScalarLong("SELECT EXISTS(SELECT 1 FROM users)") == 1;
    }

    public UserAccount AddUser(string name, string password, string role)
    {
        name = name.Trim();
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
            throw new ArgumentException("a user name has 1 to 64 visible characters");
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        if (password.Length < 10) throw new ArgumentException("a password has at least 10 characters");
        using var c = store.Connect();
        if (c.ScalarLong("SELECT EXISTS(SELECT 1 FROM users WHERE name = $n)", null, ("$n", name)) == 1)
            throw new ArgumentException($"a user named '{name}' already exists");
        var now = DateTimeOffset.UtcNow;
        var id = c.ScalarLong("INSERT INTO users(name, password_hash, role, created_at) VALUES ($n, $h, $r, $t) RETURNING id", null,
            ("$n", name), ("$h", Hasher.HashPassword(name, password)), ("$r", role), ("$t", now.ToString("O")));
        return new UserAccount(id, name, role, now, false);
    }

    /// <summary>The user if the password is right and the account active; null otherwise (never says which).</summary>
    public UserAccount? CheckPassword(string name, string password)
    {
        using var c = store.Connect();
        using var command = c.Command("SELECT id, name, password_hash, role, created_at, disabled FROM users WHERE name = $n", null, ("$n", name.Trim()));
        using var r = command.ExecuteReader();
        if (!r.Read())
        {
            // Same work whether or not the name exists, so timing does not tell which names are valid.
            Hasher.VerifyHashedPassword(name, DummyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(r.GetString(1), r.GetString(2), password);
        if (result == PasswordVerificationResult.Failed || r.GetInt64(5) == 1) return null;
        return new UserAccount(r.GetInt64(0), r.GetString(1), r.GetString(3), DateTimeOffset.Parse(r.GetString(4)), false);
    }

    static readonly string DummyHash = Hasher.HashPassword("-", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    public IReadOnlyList<UserAccount> Users()
    {
        using var c = store.Connect();
        using var command = c.Command("SELECT id, name, role, created_at, disabled FROM users ORDER BY name");
        using var r = command.ExecuteReader();
        var users = new List<UserAccount>();
        while (r.Read()) users.Add(new UserAccount(r.GetInt64(0), r.GetString(1), r.GetString(2), DateTimeOffset.Parse(r.GetString(3)), r.GetInt64(4) == 1));
        return users;
    }

    public bool SetRole(long id, string role)
    {
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        using var c = store.Connect();
        return c.Execute("UPDATE users SET role = $r WHERE id = $id", null, ("$r", role), ("$id", id)) == 1;
    }

    public bool SetDisabled(long id, bool disabled)
    {
        using var c = store.Connect();
        return c.Execute("UPDATE users SET disabled = $d WHERE id = $id", null, ("$d", disabled ? 1 : 0), ("$id", id)) == 1;
    }

    /// <summary>Creates a key and returns its secret, which is never stored and cannot be shown again.</summary>
    public (ApiKeyInfo Key, string Secret) CreateApiKey(string name, string role, string createdBy)
    {
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        name = name.Trim();
        if (name.Length is 0 or > 64) throw new ArgumentException("a key name has 1 to 64 characters");
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var now = DateTimeOffset.UtcNow;
        using var c = store.Connect();
        var id = c.ScalarLong("""
            INSERT INTO api_keys(name, prefix, hash, role, created_by, created_at) VALUES ($n, $p, $h, $r, $b, $t) RETURNING id
            """, null, ("$n", name), ("$p", secret[..10]), ("$h", HashKey(secret)), ("$r", role), ("$b", createdBy), ("$t", now.ToString("O")));
        return (new ApiKeyInfo(id, name, secret[..10], role, createdBy, now, null), secret);
    }

    public IReadOnlyList<ApiKeyInfo> ApiKeys()
    {
        using var c = store.Connect();
        using var command = c.Command("SELECT id, name, prefix, role, created_by, created_at, revoked_at FROM api_keys ORDER BY id");
        using var r = command.ExecuteReader();
        var keys = new List<ApiKeyInfo>();
        while (r.Read())
            keys.Add(new ApiKeyInfo(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                DateTimeOffset.Parse(r.GetString(5)), r.IsDBNull(6) ? null : DateTimeOffset.Parse(r.GetString(6))));
        return keys;
    }

    public bool RevokeApiKey(long id)
    {
        _keys.Clear();
        using var c = store.Connect();
        return c.Execute("UPDATE api_keys SET revoked_at = $t WHERE id = $id AND revoked_at IS NULL", null,
            ("$t", DateTimeOffset.UtcNow.ToString("O")), ("$id", id)) == 1;
    }

    /// <summary>
    /// The key's name and role if the secret belongs to an active key. Programs call many times a second, so an
    /// answer is remembered for a few seconds; a revocation in this process forgets it at once, in another within
    /// <see cref="KeyCacheFor"/>.
    /// </summary>
    public (string Name, string Role)? CheckApiKey(string secret)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = HashKey(secret);
        var now = Environment.TickCount64;
        if (_keys.TryGetValue(hash, out var known) && known.Until > now) return known.Key;
        using var c = store.Connect();
        using var command = c.Command("SELECT name, role FROM api_keys WHERE hash = $h AND revoked_at IS NULL", null, ("$h", hash));
        using var r = command.ExecuteReader();
        (string, string)? key = r.Read() ? (r.GetString(0), r.GetString(1)) : null;
        if (key is not null) _keys[hash] = (key, now + (long)KeyCacheFor.TotalMilliseconds);
        return key;
    }

    public static readonly TimeSpan KeyCacheFor = TimeSpan.FromSeconds(10);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, ((string Name, string Role)? Key, long Until)> _keys = new();

    static string HashKey(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A password people can type: 20 characters from an alphabet without look-alikes.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(20, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }
}
