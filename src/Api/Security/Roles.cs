namespace Synthesis.Api.Security;

/// <summary>
/// Who may do what. Each role includes the one before it: an analyst reads, searches and exports; a reviewer also
/// corrects the analysis; an admin also imports, manages users and keys, and changes settings.
/// </summary>
public static class Roles
{
    public const string Analyst = "analyst";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    public static readonly string[] All = [Analyst, Reviewer, Admin];

    /// <summary>Authorisation policies, named for what they allow.</summary>
    public static class Policies
    {
        public const string Read = "read";
        public const string Review = "review";
        public const string Administer = "administer";
    }

    public static bool IsRole(string? role) => role is Analyst or Reviewer or Admin;

    /// <summary>The roles that satisfy a policy (a higher role includes the lower ones).</summary>
    public static string[] Allowed(string policy) => policy switch
    {
        Policies.Read => [Analyst, Reviewer, Admin],
        Policies.Review => [Reviewer, Admin],
        Policies.Administer => [Admin],
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown policy"),
    };

    /// <summary>The French name of a role, as the web app shows it.</summary>
    public static string French(string role) => role switch
    {
        Analyst => "analyste",
        Reviewer => "relecteur",
        Admin => "administrateur",
        _ => role,
    };
}
