using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

public sealed record UserAccount(long Id, string Name, string Role, DateTimeOffset CreatedAt, bool Disabled);

public sealed record ApiKeyInfo(long Id, string Name, string Prefix, string Role, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A user with the hash of their password, for a check at login.</summary>
public sealed record UserCredentials(UserAccount Account, string PasswordHash);

/// <summary>
/// People and programs that may use the service: users (name, role, password hash) and API keys (only the SHA-256 of
/// a secret). What a password or a key is and how it is checked is the caller's (<c>Accounts</c>); this is the rows.
/// </summary>
public static class UserRows
{
    sealed record UserRow(long id, string name, string role, string created_at, long disabled, string password_hash)
    {
        public UserAccount Account => new(id, name, role, DateTimeOffset.Parse(created_at, System.Globalization.CultureInfo.InvariantCulture), disabled == 1);
    }

    sealed record KeyRow(long id, string name, string prefix, string role, string created_by, string created_at, string? revoked_at)
    {
        public ApiKeyInfo Key => new(id, name, prefix, role, created_by, Parse(created_at), revoked_at is null ? null : Parse(revoked_at));
    }

    static DateTimeOffset Parse(string at) => DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

    public static bool Any(DbConnection c) => c.ExecuteScalar<bool>("SELECT EXISTS(SELECT 1 FROM users)");

    public static bool Exists(DbConnection c, string name) =>
        c.ExecuteScalar<bool>("SELECT EXISTS(SELECT 1 FROM users WHERE name = @name)", new { name });

    public static long Add(DbConnection c, string name, string passwordHash, string role, DateTimeOffset at) =>
        c.ExecuteScalar<long>("INSERT INTO users(name, password_hash, role, created_at) VALUES (@name, @passwordHash, @role, @at) RETURNING id",
            new { name, passwordHash, role, at = at.ToString("O") });

    public static UserCredentials? Credentials(DbConnection c, string name) =>
        c.QuerySingleOrDefault<UserRow>("SELECT id, name, role, created_at, disabled, password_hash FROM users WHERE name = @name", new { name }) is { } r
            ? new UserCredentials(r.Account, r.password_hash) : null;

    public static List<UserAccount> All(DbConnection c) =>
        c.Query<UserRow>("SELECT id, name, role, created_at, disabled, '' AS password_hash FROM users ORDER BY name").Select(r => r.Account).ToList();

    public static bool SetRole(DbConnection c, long id, string role) =>
        c.Execute("UPDATE users SET role = @role WHERE id = @id", new { role, id }) == 1;

    public static bool SetDisabled(DbConnection c, long id, bool disabled) =>
        c.Execute("UPDATE users SET disabled = @d WHERE id = @id", new { d = disabled ? 1 : 0, id }) == 1;

    public static bool SetPasswordHash(DbConnection c, long id, string passwordHash) =>
        c.Execute("UPDATE users SET password_hash = @passwordHash WHERE id = @id", new { passwordHash, id }) == 1;

    public static UserAccount? Find(DbConnection c, long id) =>
        c.QuerySingleOrDefault<UserRow>("SELECT id, name, role, created_at, disabled, '' AS password_hash FROM users WHERE id = @id", new { id })?.Account;

    /// <summary>Deletes the user and their sessions (API keys they created stay: they are the program's, not the person's).</summary>
    public static bool Delete(DbConnection c, long id)
    {
        using var tx = c.BeginTransaction();
        c.Execute("DELETE FROM sessions WHERE user_id = @id", new { id }, tx);
        var deleted = c.Execute("DELETE FROM users WHERE id = @id", new { id }, tx) == 1;
        tx.Commit();
        return deleted;
    }

    public static void AddSession(DbConnection c, string hash, long userId, DateTimeOffset at) =>
        c.Execute("INSERT INTO sessions(hash, user_id, created_at, seen_at) VALUES (@hash, @userId, @at, @at)", new { hash, userId, at = at.ToString("O") });

    public static bool EndSession(DbConnection c, string hash) => c.Execute("DELETE FROM sessions WHERE hash = @hash", new { hash }) == 1;

    /// <summary>Ends every session of the user; the number ended.</summary>
    public static int EndSessions(DbConnection c, long userId) => c.Execute("DELETE FROM sessions WHERE user_id = @userId", new { userId });

    /// <summary>Sessions not seen since <paramref name="before"/> (their cookies have expired): deleted.</summary>
    public static int EndSessionsSeenBefore(DbConnection c, DateTimeOffset before) =>
        c.Execute("DELETE FROM sessions WHERE seen_at < @before", new { before = before.ToString("O") });

    /// <summary>The user of a live session (disabled or not: the caller decides) and when the session was last seen.</summary>
    public static (UserAccount User, DateTimeOffset SeenAt)? SessionUser(DbConnection c, string hash) =>
        c.QuerySingleOrDefault<SessionRow>("""
            SELECT u.id, u.name, u.role, u.created_at, u.disabled, s.seen_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = @hash
            """, new { hash }) is { } r ? (new UserRow(r.id, r.name, r.role, r.created_at, r.disabled, "").Account, Parse(r.seen_at)) : null;

    public static void SeeSession(DbConnection c, string hash, DateTimeOffset at) =>
        c.Execute("UPDATE sessions SET seen_at = @at WHERE hash = @hash", new { hash, at = at.ToString("O") });

    sealed record SessionRow(long id, string name, string role, string created_at, long disabled, string seen_at);

    public static long AddKey(DbConnection c, string name, string prefix, string hash, string role, string createdBy, DateTimeOffset at) =>
        c.ExecuteScalar<long>("""
            INSERT INTO api_keys(name, prefix, hash, role, created_by, created_at) VALUES (@name, @prefix, @hash, @role, @createdBy, @at) RETURNING id
            """, new { name, prefix, hash, role, createdBy, at = at.ToString("O") });

    public static List<ApiKeyInfo> Keys(DbConnection c) =>
        c.Query<KeyRow>("SELECT id, name, prefix, role, created_by, created_at, revoked_at FROM api_keys ORDER BY id").Select(r => r.Key).ToList();

    public static bool RevokeKey(DbConnection c, long id, DateTimeOffset at) =>
        c.Execute("UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", new { at = at.ToString("O"), id }) == 1;

    /// <summary>The name and role of the active key with this hash (one indexed lookup).</summary>
    public static (string Name, string Role)? ActiveKey(DbConnection c, string hash) =>
        c.QuerySingleOrDefault<NameRole>("SELECT name, role FROM api_keys WHERE hash = @hash AND revoked_at IS NULL", new { hash }) is { } k
            ? (k.name, k.role) : null;

    sealed record NameRole(string name, string role);
}
