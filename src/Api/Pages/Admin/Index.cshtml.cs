using Synthesis.Ingest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Apis;
using Synthesis.Api.Security;

namespace Synthesis.Api.Pages;

public sealed class AdminModel(Accounts accounts, SynthesisOptions settings, SynthesisStore store, Microsoft.Extensions.Configuration.IConfiguration configuration,
    Analysis.ModelDownloads downloads) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public IReadOnlyList<ApiKeyInfo> Keys { get; private set; } = [];
    public SettingsView? Settings { get; private set; }
    [TempData] public string? Message { get; set; }

    public ModelsView? Models { get; private set; }

    public void OnGet()
    {
        Users = accounts.Users();
        Keys = accounts.ApiKeys();
        Settings = AdminApi.ReadSettings(settings, store, configuration);
        Models = ModelsView.Read(downloads, settings);
    }

    /// <summary>The models section alone, which the page asks for again while a download runs.</summary>
    public PartialViewResult OnGetModeles() => Partial("_Modeles", ModelsView.Read(downloads, settings));

    /// <summary>« Télécharger »: fetches a model in the background (the section then shows its progress).</summary>
    public IActionResult OnPostPull(string name) => Done(() => downloads.Start(name ?? "", out var refusal)
        ? $"Téléchargement de {name} lancé : son avancement s'affiche dans la partie Modèles ; les enregistrements en attente seront transcrits dès qu'il sera vérifié."
        : "Refusé : " + refusal + ".");

    IActionResult Done(Func<string> action)
    {
        try
        {
            Message = action();
        }
        catch (ArgumentException e)
        {
            Message = "Refusé : " + French(e.Message);
        }
        return RedirectToPage();
    }

    /// <summary>The accounts' refusals (English, for the API) as the page says them.</summary>
    static string French(string message) => message switch
    {
        _ when message.StartsWith("a user named", StringComparison.Ordinal) => "un compte porte déjà ce nom.",
        _ when message.StartsWith("a user name has", StringComparison.Ordinal) => "un nom d'utilisateur compte de 1 à 64 caractères visibles.",
        _ when message.StartsWith("a key name has", StringComparison.Ordinal) => "le nom d'une clé compte de 1 à 64 caractères.",
        _ when message.StartsWith("a password has", StringComparison.Ordinal) => "un mot de passe compte au moins 10 caractères.",
        _ when message.StartsWith("role must be", StringComparison.Ordinal) => "choisissez un rôle dans la liste.",
        _ => "la demande n'est pas valide.",
    };

    // Secrets are shown once, in the page that follows the action, and never stored in clear.
    public IActionResult OnPostAddUser(string name, string role) => Done(() =>
    {
        var password = Accounts.GeneratePassword();
        var user = accounts.AddUser(name ?? "", password, role);
        return $"Utilisateur {user.Name} créé. Mot de passe (affiché une seule fois) : {password}";
    });

    public IActionResult OnPostRole(long id, string role) => Done(() => accounts.SetRole(id, role) ? "Rôle changé ; ses sessions ouvertes sont fermées." : "Utilisateur introuvable.");
    public IActionResult OnPostDisable(long id, bool disabled) => Done(() => accounts.SetDisabled(id, disabled) ? (disabled ? "Compte désactivé." : "Compte réactivé.") : "Utilisateur introuvable.");

    public IActionResult OnPostPassword(long id) => Done(() =>
    {
        var password = Accounts.GeneratePassword();
        return accounts.Find(id) is { } user && accounts.SetPassword(id, password)
            ? $"Nouveau mot de passe de {user.Name} (affiché une seule fois) : {password}. Ses sessions ouvertes sont fermées."
            : "Utilisateur introuvable.";
    });

    /// <summary>Deletes an account once « confirmer » is ticked (a deletion cannot be undone).</summary>
    public IActionResult OnPostDelete(long id, bool confirme) => Done(() =>
    {
        if (User.FindFirst("uid")?.Value == id.ToString()) return "Refusé : un administrateur ne supprime pas son propre compte.";
        if (!confirme) return "Refusé : cochez « confirmer » pour supprimer un compte (la suppression est définitive).";
        return accounts.Find(id) is { } user && accounts.DeleteUser(id) ? $"Compte {user.Name} supprimé." : "Utilisateur introuvable.";
    });

    public IActionResult OnPostAddKey(string name, string role) => Done(() =>
    {
        var (key, secret) = accounts.CreateApiKey(name ?? "", role, User.Identity!.Name!);
        return $"Clé « {key.Name} » créée. Secret (affiché une seule fois) : {secret}";
    });

    /// <summary>Revokes an API key once « confirmer » is ticked.</summary>
    public IActionResult OnPostRevoke(long id, bool confirme) => Done(() =>
        !confirme ? "Refusé : cochez « confirmer » pour révoquer une clé (les programmes qui s'en servent seront refusés)."
        : accounts.RevokeApiKey(id) ? "Clé révoquée." : "Clé introuvable.");
}

/// <summary>The speech models as the admin page lists them: present or not, the one in use, and any download.</summary>
public sealed record ModelsView(string Folder, string InUse, bool Mirror, IReadOnlyList<ModelRow> Rows)
{
    public bool Busy => Rows.Any(r => r.Download is { Running: true });

    public static ModelsView Read(Analysis.ModelDownloads downloads, SynthesisOptions settings)
    {
        var catalog = downloads.Catalog();
        var inUse = catalog.Resolve(Ingest.Pipeline.MediaSettings.From(settings, 1).WhisperModel);
        return new ModelsView(catalog.Directory, inUse, settings.ModelSource is not null,
            catalog.Entries.Where(e => e.Kind == "whisper").Select(e => new ModelRow(e, catalog.IsPresent(e), catalog.PathOf(e) == inUse,
                catalog.UrlOf(e) is not null, downloads.State(e.Name))).ToList());
    }
}

public sealed record ModelRow(Ingest.Models.ModelEntry Entry, bool Present, bool InUse, bool Downloadable, Analysis.ModelDownload? Download);
