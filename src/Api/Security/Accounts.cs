using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Synthesis.Api.Security;

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
        return UserRows.Any(c);
    }

    public UserAccount AddUser(string name, string password, string role)
    {
        name = name.Trim();
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
            throw new ArgumentException("a user name has 1 to 64 visible characters");
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        CheckPasswordRules(password);
        using var c = store.Connect();
        if (UserRows.Exists(c, name))
            throw new ArgumentException($"a user named '{name}' already exists");
        var now = DateTimeOffset.UtcNow;
        var id = UserRows.Add(c, name, Hasher.HashPassword(name, password), role, now);
        return new UserAccount(id, name, role, now, false);
    }

    /// <summary>The user if the password is right and the account active; null otherwise (never says which).</summary>
    public UserAccount? CheckPassword(string name, string password)
    {
        using var c = store.Connect();
        if (UserRows.Credentials(c, name.Trim()) is not { } user)
        {
            // Same work whether or not the name exists, so timing does not tell which names are valid.
            Hasher.VerifyHashedPassword(name, DummyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(user.Account.Name, user.PasswordHash, password);
        return result == PasswordVerificationResult.Failed || user.Account.Disabled ? null : user.Account;
    }

    static readonly string DummyHash = Hasher.HashPassword("-", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    public IReadOnlyList<UserAccount> Users()
    {
        using var c = store.Connect();
        return UserRows.All(c);
    }

    public UserAccount? Find(long id)
    {
        using var c = store.Connect();
        return UserRows.Find(c, id);
    }

    /// <summary>Changes the role; a change ends the user's sessions, so that a demotion takes effect at once.</summary>
    public bool SetRole(long id, string role)
    {
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        using var c = store.Connect();
        if (UserRows.Find(c, id) is not { } user) return false;
        if (user.Role == role) return true;
        UserRows.SetRole(c, id, role);
        EndSessions(c, id);
        return true;
    }

    /// <summary>Disables (ending the user's sessions) or re-enables an account.</summary>
    public bool SetDisabled(long id, bool disabled)
    {
        using var c = store.Connect();
        if (!UserRows.SetDisabled(c, id, disabled)) return false;
        if (disabled) EndSessions(c, id);
        return true;
    }

    /// <summary>Deletes the account and its sessions.</summary>
    public bool DeleteUser(long id)
    {
        using var c = store.Connect();
        var deleted = UserRows.Delete(c, id);
        _sessions.Clear();
        return deleted;
    }

    /// <summary>Sets a new password and ends every session of the user (the person changing it logs in again).</summary>
    public bool SetPassword(long id, string password)
    {
        CheckPasswordRules(password);
        using var c = store.Connect();
        if (UserRows.Find(c, id) is not { } user) return false;
        UserRows.SetPasswordHash(c, id, Hasher.HashPassword(user.Name, password));
        EndSessions(c, id);
        return true;
    }

    /// <summary>A user's own change: the current password must be right.</summary>
    public bool ChangePassword(long id, string current, string password)
    {
        CheckPasswordRules(password);
        using var c = store.Connect();
        if (UserRows.Find(c, id) is not { } user || UserRows.Credentials(c, user.Name) is not { } credentials
            || Hasher.VerifyHashedPassword(user.Name, credentials.PasswordHash, current) == PasswordVerificationResult.Failed)
            return false;
        return SetPassword(id, password);
    }

    static void CheckPasswordRules(string password)
    {
        if (password.Length < 10) throw new ArgumentException("a password has at least 10 characters");
    }

    void EndSessions(DbConnection c, long userId)
    {
        UserRows.EndSessions(c, userId);
        _sessions.Clear();
    }

    /// <summary>
    /// Opens a web session for the user and returns its secret, which the cookie carries; only its hash is stored.
    /// Sessions whose cookies have expired (not seen for <see cref="SessionLifetime"/>) are deleted on the way.
    /// </summary>
    public string StartSession(UserAccount user)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.UtcNow;
        using var c = store.Connect();
        UserRows.EndSessionsSeenBefore(c, now - SessionLifetime);
        UserRows.AddSession(c, HashKey(secret), user.Id, now);
        return secret;
    }

    /// <summary>Ends one session (logout); its cookie stops working even if someone kept a copy.</summary>
    public void EndSession(string secret)
    {
        var hash = HashKey(secret);
        _sessions.TryRemove(hash, out _);
        using var c = store.Connect();
        UserRows.EndSession(c, hash);
    }

    /// <summary>
    /// The user of a live session, or null when it has ended (logout, an expired cookie, the user disabled or deleted).
    /// Every request asks, so an answer is remembered for <see cref="SessionCacheFor"/>: a change made in this process
    /// forgets it at once, one made by another process (the CLI) is seen within that time.
    /// </summary>
    public UserAccount? CheckSession(string secret)
    {
        var hash = HashKey(secret);
        var now = Environment.TickCount64;
        if (_sessions.TryGetValue(hash, out var known) && known.Until > now) return known.User;
        using var c = store.Connect();
        var found = UserRows.SessionUser(c, hash);
        var user = found is { User.Disabled: false } ? found.Value.User : null;
        // seen_at only needs minute precision (it decides when an abandoned session is deleted): one write per few minutes
        if (user is not null && DateTimeOffset.UtcNow - found!.Value.SeenAt > TimeSpan.FromMinutes(5)) UserRows.SeeSession(c, hash, DateTimeOffset.UtcNow);
        _sessions[hash] = (user, now + (long)SessionCacheFor.TotalMilliseconds);
        return user;
    }

    /// <summary>How long a web session lives without being used (the cookie's own sliding expiry).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan SessionCacheFor = TimeSpan.FromSeconds(5);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, (UserAccount? User, long Until)> _sessions = new();

    /// <summary>Creates a key and returns its secret, which is never stored and cannot be shown again.</summary>
    public (ApiKeyInfo Key, string Secret) CreateApiKey(string name, string role, string createdBy)
    {
        if (!Roles.IsRole(role)) throw new ArgumentException($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'");
        name = name.Trim();
        if (name.Length is 0 or > 64) throw new ArgumentException("a key name has 1 to 64 characters");
        var secret = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var now = DateTimeOffset.UtcNow;
        using var c = store.Connect();
        var id = UserRows.AddKey(c, name, secret[..10], HashKey(secret), role, createdBy, now);
        return (new ApiKeyInfo(id, name, secret[..10], role, createdBy, now, null), secret);
    }

    public IReadOnlyList<ApiKeyInfo> ApiKeys()
    {
        using var c = store.Connect();
        return UserRows.Keys(c);
    }

    public bool RevokeApiKey(long id)
    {
        _keys.Clear();
        using var c = store.Connect();
        return UserRows.RevokeKey(c, id, DateTimeOffset.UtcNow);
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
        var key = UserRows.ActiveKey(c, hash);
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
