using Synthesis.Ingest;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Security;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Apis;

public sealed record NewUser(string? Name, string? Role, string? Password);
public sealed record UserCreated(UserAccount User, string? GeneratedPassword);
/// <summary>What to change about a user; each given field is applied. A new role, disabling or a new password ends their sessions.</summary>
public sealed record UserChange(string? Role, bool? Disabled, string? Password);
public sealed record NewApiKey(string? Name, string? Role);
public sealed record ApiKeyCreated(ApiKeyInfo Key, string Secret);

/// <summary>The settings in force, so an admin can see which models and stores this process uses.</summary>
/// <param name="Sources">Each setting given (not left at its default): its key, value (secrets masked) and where it came from.</param>
public sealed record SettingsView(string DataFolder, bool Worker, bool PublicView, long MaxUploadBytes, string WhisperModel, string Language,
    string VectorStore, bool LlmConfigured, int? Topics, string Embedder, IReadOnlyList<SettingSource> Sources);

/// <summary>Users, API keys and settings: admins only.</summary>
public static class AdminApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").WithTags("Administration").RequireAuthorization(Roles.Policies.Administer);
        api.MapGet("/users", (Accounts accounts) => TypedResults.Ok(accounts.Users()));
        api.MapPost("/users", AddUser);
        api.MapPut("/users/{id:long}", ChangeUser);
        api.MapDelete("/users/{id:long}", DeleteUser);
        api.MapGet("/keys", (Accounts accounts) => TypedResults.Ok(accounts.ApiKeys()));
        api.MapPost("/keys", AddKey);
        api.MapDelete("/keys/{id:long}", RevokeKey);
        api.MapGet("/settings", Settings);
    }

    static Results<Created<UserCreated>, ProblemHttpResult> AddUser(NewUser body, Accounts accounts)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return ApiProblems.BadRequest("Give the user's 'name'.", "name");
        var generated = string.IsNullOrEmpty(body.Password) ? Accounts.GeneratePassword() : null;
        try
        {
            var user = accounts.AddUser(body.Name, body.Password ?? generated!, body.Role ?? Roles.Analyst);
            return TypedResults.Created($"/api/admin/users/{user.Id}", new UserCreated(user, generated));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    static Results<NoContent, ProblemHttpResult> ChangeUser(long id, UserChange body, Accounts accounts)
    {
        try
        {
            if (accounts.Find(id) is null) return ApiProblems.NotFound("user", id);
            if (body.Role is null && body.Disabled is null && body.Password is null)
                return ApiProblems.BadRequest("Give at least one of 'role', 'disabled' or 'password'.", "role");
            if (body.Role is { } role && !Roles.IsRole(role))
                return ApiProblems.BadRequest($"role must be one of {string.Join(", ", Roles.All)}, not '{role}'", "role");
            if (body.Password is { } password) accounts.SetPassword(id, password);
            if (body.Role is { } newRole) accounts.SetRole(id, newRole);
            if (body.Disabled is { } disabled) accounts.SetDisabled(id, disabled);
            return TypedResults.NoContent();
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message, "password");
        }
    }

    static Results<NoContent, ProblemHttpResult> DeleteUser(long id, Accounts accounts, ClaimsPrincipal user)
    {
        if (user.FindFirstValue("uid") == id.ToString())
            return ApiProblems.BadRequest("An admin cannot delete their own account: ask another admin.", "id");
        return accounts.DeleteUser(id) ? TypedResults.NoContent() : ApiProblems.NotFound("user", id);
    }

    static Results<Created<ApiKeyCreated>, ProblemHttpResult> AddKey(NewApiKey body, Accounts accounts, ClaimsPrincipal user)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return ApiProblems.BadRequest("Give the key a 'name' saying which program uses it.", "name");
        try
        {
            var (key, secret) = accounts.CreateApiKey(body.Name, body.Role ?? Roles.Analyst, user.Identity?.Name ?? "?");
            return TypedResults.Created($"/api/admin/keys/{key.Id}", new ApiKeyCreated(key, secret));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
    }

    static Results<NoContent, ProblemHttpResult> RevokeKey(long id, Accounts accounts) =>
        accounts.RevokeApiKey(id) ? TypedResults.NoContent() : ApiProblems.NotFound("active API key", id);

    /// <summary>What the pipeline and search of this process read at start, from the same settings objects they use.</summary>
    public static SettingsView ReadSettings(SynthesisOptions settings, SynthesisStore store, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var media = MediaSettings.From(settings, 1);
        return new(store.DataDirectory, settings.Worker, settings.PublicView, settings.MaxUploadBytes, media.WhisperModel,
            media.Transcription.Language, Ingest.Search.SearchSettings.From(settings).VectorStoreName,
            Ingest.Summaries.LlmEndpoint.From(settings) is not null, settings.Topics, settings.Embedder,
            configuration is Microsoft.Extensions.Configuration.IConfigurationRoot root ? SynthesisConfiguration.Sources(root) : []);
    }

    static Ok<SettingsView> Settings(SynthesisOptions settings, SynthesisStore store, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        TypedResults.Ok(ReadSettings(settings, store, configuration));
}
