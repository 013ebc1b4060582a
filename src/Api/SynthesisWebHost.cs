using Synthesis.Ingest.Review;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Scalar.AspNetCore;
using Synthesis.Api.Analysis;
using Synthesis.Api.Apis;
using Synthesis.Api.Security;
using Synthesis.Ingest;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api;

/// <summary>Builds the web host: API, web app and (by default) the pipeline worker in one process.</summary>
public static class SynthesisWebHost
{
    public const string Scheme = "Synthesis";

    static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return o;
    }

    /// <summary>The host for <c>synthesis serve</c>: settings given in code win over configuration.</summary>
    public static WebApplication Build(string dataDirectory, string urls, bool runWorker, PipelineOptions? pipeline = null) =>
        Build([$"--Synthesis:Data={dataDirectory}", $"--urls={urls}", $"--Synthesis:Worker={runWorker}"], pipeline);

    public static WebApplication Build(string[] args, PipelineOptions? pipeline = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SynthesisWebHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The old SYNTHESIS_* variables, below Synthesis__Key and the command line. The options are bound from the final
        // configuration when first needed (checked then: a wrong value names its key), so hosts and tests can add their own.
        SynthesisConfiguration.AddLegacy(builder.Configuration);
        builder.Services.AddSingleton(sp => SynthesisConfiguration.Bind(sp.GetRequiredService<IConfiguration>()));
        // Request-level logs would repeat every page view; warnings and errors are what an operator needs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // the store, the models, the search indexes and the pipeline, built from the options (Synthesis.Ingest.SynthesisServices)
        builder.Services.AddSynthesis();
        builder.Services.AddSingleton(sp => new Accounts(sp.GetRequiredService<SynthesisStore>()));
        builder.Services.AddSingleton(sp => new ReviewLog(sp.GetRequiredService<SynthesisStore>()));
        builder.Services.AddSingleton<Synthesis.Api.Analysis.StaffCheck>();
        builder.Services.AddSingleton<Synthesis.Api.Analysis.ModelDownloads>();
        builder.Services.AddSingleton<Synthesis.Api.Analysis.ThemePositionsCache>();
        builder.Services.AddSingleton<Synthesis.Api.Analysis.ReviewQueueCache>();
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddSingleton(pipeline ?? new PipelineOptions());
        builder.Services.AddSingleton(sp => sp.GetRequiredService<DefaultPipeline>().Runner(sp.GetRequiredService<SynthesisStore>(),
            sp.GetRequiredService<PipelineOptions>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<PipelineRunner>()));
        // a merge's or a split's preview runs the pipeline's own corpus stage, dry
        builder.Services.AddSingleton(sp => new ReviewPreview(sp.GetRequiredService<SynthesisStore>(), sp.GetRequiredService<ReviewLog>(),
            sp.GetRequiredService<PipelineRunner>().Stages.Select(s => s is CatchUpAfter wrapped ? wrapped.Inner : s).OfType<CorpusStage>().Single()));
        builder.Services.AddHostedService<WorkerHost>();
        // French text stays readable in the HTML (Razor still escapes markup characters).
        builder.Services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHealthChecks();
        // A query value the API cannot read (k=abc, from=notadate, page=2147483648) is a 400 whose detail names the
        // parameter and the value, not a bare "Bad Request"; it is the caller's mistake, so it is not logged as an error.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad && bad.StatusCode == StatusCodes.Status400BadRequest)
            {
                context.ProblemDetails.Title = "Invalid request";
                context.ProblemDetails.Detail = bad.InnerException is System.Text.Json.JsonException json
                    ? $"The JSON body could not be read: {json.Message}"
                    : ApiProblems.Unreadable(bad.Message);
            }
        });
        builder.Services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Synthesis API";
            doc.Info.Description = "Contributions, search, topics, the three questions, review, reports and jobs. " +
                "Authenticate with an API key (Authorization: Bearer syn_…) or the web app's cookie.";
            return Task.CompletedTask;
        }));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", Roles.Policies.Read);
            o.Conventions.AuthorizeFolder("/Revue", Roles.Policies.Review);
            o.Conventions.AuthorizeFolder("/Admin", Roles.Policies.Administer);
            o.Conventions.AllowAnonymousToPage("/Connexion");
            o.Conventions.AllowAnonymousToPage("/AccesRefuse");
            o.Conventions.AllowAnonymousToPage("/Erreur");
            o.Conventions.AllowAnonymousToPage("/Public");
        });
        AddSecurity(builder.Services);

        var app = builder.Build();
        UploadLeftovers.Clean(app.Services.GetRequiredService<SynthesisStore>().DataDirectory, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Synthesis.Uploads"));
        // Errors: the API answers RFC 9457 problem details; a browser gets a French page (Pages/Erreur) with the
        // trace id for a server error. A request the framework cannot read (malformed JSON, a body over the limit)
        // keeps its own status code.
        static int StatusOf(Exception e) => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        app.UseWhen(context => IsMachinePath(context.Request.Path), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = StatusOf,
                SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            });
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsMachinePath(context.Request.Path), web =>
        {
            web.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/erreur/500", StatusCodeSelector = StatusOf });
            web.UseStatusCodePagesWithReExecute("/erreur/{0}");
        });
        app.Use(SecurityHeaders);
        app.UseRouting();
        app.Use(BodyLimit.Enforce);
        app.Use(Pages.ImporterModel.SizeLimit);
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.Use(ApiAntiforgery);

        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("Synthesis API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapGet("/static/site.css", () => Resource("site.css", "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/static/live.js", () => Resource("live.js", "text/javascript; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        AuthApi.Map(app);
        SessionApi.Map(app);
        ContributionsApi.Map(app);
        SearchApi.Map(app);
        TopicsApi.Map(app);
        QuestionsApi.Map(app);
        ReviewApi.Map(app);
        ChecksApi.Map(app);
        ReportsApi.Map(app);
        JobsApi.Map(app);
        AdminApi.Map(app);
        PublicApi.Map(app);
        app.MapRazorPages();
        return app;
    }

    static void AddSecurity(IServiceCollection services)
    {
        services.AddAntiforgery(o => o.HeaderName = AntiforgeryHeader);
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or cookie", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.KeyOf(context.Request) is not null ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "synthesis";
                o.Cookie.HttpOnly = true;
                // Strict: a cookie never rides on a request started by another site, which is what keeps the
                // JSON API safe from cross-site requests; the web app's forms also carry antiforgery tokens.
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/connexion";
                o.AccessDeniedPath = "/acces-refuse";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnValidatePrincipal = AuthApi.ValidateSession;
                o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(Scheme).RequireRole(Roles.Allowed(Roles.Policies.Read)).Build())
            .AddPolicy(Roles.Policies.Read, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Allowed(Roles.Policies.Read)))
            .AddPolicy(Roles.Policies.Review, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Allowed(Roles.Policies.Review)))
            .AddPolicy(Roles.Policies.Administer, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Allowed(Roles.Policies.Administer)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.HttpContext.Request.Path.StartsWithSegments("/session"))
                    context.HttpContext.Response.Redirect("/connexion?attente=true");
                return ValueTask.CompletedTask;
            };
            o.AddPolicy(AuthApi.LoginRateLimit, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = context.RequestServices.GetRequiredService<SynthesisOptions>().LoginAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    /// <summary>The header a cookie-authenticated API call that changes something carries its antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    /// <summary>
    /// A call to the API that changes something (not GET, HEAD, OPTIONS or TRACE), authenticated by the web app's
    /// cookie, must carry the antiforgery token of <c>GET /api/auth/antiforgery</c> in <see cref="AntiforgeryHeader"/>
    /// (or a form field): another site can make a browser send the cookie, it cannot read the token. API keys are
    /// exempt (a browser never sends them on its own), and so are anonymous endpoints (login).
    /// </summary>
    static async Task ApiAntiforgery(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is null
            && !await context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().IsRequestValidAsync(context))
        {
            await Results.Problem($"A change made with the web app's cookie needs the antiforgery token: get it from GET /api/auth/antiforgery and send it in the {AntiforgeryHeader} header (or use an API key).",
                statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token").ExecuteAsync(context);
            return;
        }
        await next();
    }

    /// <summary>Paths read by programs (the JSON API, its description, the health check), not by people in a browser.</summary>
    public static bool IsMachinePath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health");

    /// <summary>API calls get a status code; pages get redirected to the login or "access denied" page.</summary>
    static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        // what a signed-in person reads (contributions, reports) stays out of shared and browser caches; the style sheet may be kept
        // (as antiforgery sets it on pages with a form, so that it need not override it and warn each time)
        if (!context.Request.Path.StartsWithSegments("/static")) headers.CacheControl = "no-cache, no-store";
        if (!context.Request.Path.StartsWithSegments("/api/reference"))
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'";
        return next();
    }

    /// <summary>A file built into the program (the style sheet, the script that follows a running analysis).</summary>
    static IResult Resource(string name, string contentType)
    {
        using var stream = typeof(SynthesisWebHost).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return TypedResults.Text(reader.ReadToEnd(), contentType);
    }
}

/// <summary>Runs the pipeline worker in the web process unless the setting Synthesis:Worker is false.</summary>
sealed class WorkerHost(SynthesisOptions settings, IServiceProvider services) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Worker) return;
        using var worker = ActivatorUtilities.CreateInstance<PipelineWorker>(services);
        await worker.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await worker.StopAsync(CancellationToken.None);
    }
}
