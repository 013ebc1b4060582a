using System.Globalization;
using System.Data.Common;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>
/// What a report says of how far its automatic labels can be trusted (« Fiabilité de l'analyse automatique »): how
/// many tones and question types the machine gave without being sure, and the latest check by the city's own staff.
/// </summary>
/// <param name="Check">The latest check with enough passages relabelled for figures (<see cref="StaffCheck.MinLabelledForFigures"/>).</param>
/// <param name="Started">When no check has figures yet: the latest check drawn, whose relabelling has begun or not.</param>
public sealed record ReportReliability(long Analysed, long UncertainTones, long UncertainQuestions, CheckSummary? Check, IReadOnlyList<CheckAgreement> Agreements,
    CheckSummary? Started = null)
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static ReportReliability Read(DbConnection c)
    {
        var checks = CheckRows.All(c);
        var check = checks.FirstOrDefault(k => k.Labelled >= StaffCheck.MinLabelledForFigures);
        return new ReportReliability(PassageRows.AnalysedCount(c), QuestionOverview.UncertainTones(c), QuestionOverview.UncertainQuestions(c), check,
            check is null ? [] : StaffCheck.Agreements(CheckRows.Items(c, check.Id)), check is null ? checks.FirstOrDefault() : null);
    }

    /// <summary>The section's paragraphs, in French, for every report format.</summary>
    public IReadOnlyList<string> Paragraphs()
    {
        var lines = new List<string>
        {
            string.Create(French, $"Le ton de chaque passage (le sentiment que son auteur exprime) et le type de question auquel il répond sont donnés par des modèles appris sur des contributions citoyennes françaises qu'un assistant d'IA a lues et étiquetées une à une (deux lectures indépendantes, une troisième en cas de désaccord) ; chaque étiquette porte la probabilité que le modèle lui donne, écrite après les citations des parties « Paroles de contributeurs » et « Citations » (les autres renvoient au passage, où elle est donnée). Sur les {Analysed:N0} passages analysés de toute la concertation, {UncertainTones:N0} ont un ton incertain (probabilité sous {LabelConfidence.ToneUncertainBelow * 100:0} %) et {UncertainQuestions:N0} un type incertain (sous {LabelConfidence.QuestionUncertainBelow * 100:0} %). Les corrections des relecteurs l'emportent toujours sur la machine."),
        };
        if (Check is null && Started is { } started)
        {
            lines.Add(string.Create(French, $"Un contrôle par le personnel a commencé (contrôle n° {started.Id}, tiré le {FrenchLabels.Day(started.CreatedAt)} : {started.Labelled:N0} passage{(started.Labelled > 1 ? "s" : "")} relu{(started.Labelled > 1 ? "s" : "")} sur {started.Size:N0}) ; ses chiffres d'accord sont donnés à partir de {StaffCheck.MinLabelledForFigures} passages relus. D'ici là, les étiquettes automatiques de ce rapport ne sont pas vérifiées."));
            return lines;
        }
        if (Check is null)
        {
            lines.Add("Aucun contrôle par le personnel n'a encore été fait sur cette concertation : les étiquettes automatiques n'y ont pas été vérifiées. Un contrôle se fait dans l'application, Revue › Contrôle de fiabilité.");
            return lines;
        }
        lines.Add(string.Create(French, $"Contrôle n° {Check.Id} (tiré le {FrenchLabels.Day(Check.CreatedAt)}) : {Check.Size:N0} passages tirés au hasard, répartis selon les canaux et les thèmes ; le personnel en a relu {Check.Labelled:N0} sans voir la réponse de la machine.")
            + (Check.Labelled < Check.Size ? string.Create(French, $" Le contrôle n'est pas terminé ({Check.Labelled:N0} passages relus sur {Check.Size:N0}) : ses intervalles restent larges.") : "")
            + " Accord entre la machine et le personnel, avec l'intervalle de confiance à 95 % (le kappa de Cohen retire de l'accord ce que le hasard donnerait : 0 pour un accord de hasard, 1 pour un accord parfait) :");
        foreach (var a in Agreements)
        {
            var r = a.Report;
            lines.Add(string.Create(French,
                $"{(a.Label == "tone" ? "Ton" : "Type de question")} : exactitude {r.Accuracy.Value * 100:0} % (de {r.Accuracy.Low * 100:0} à {r.Accuracy.High * 100:0} %), F1 macro {r.MacroF1.Value:0.00} (de {r.MacroF1.Low:0.00} à {r.MacroF1.High:0.00}), kappa de Cohen {r.Kappa.Value:0.00} (de {r.Kappa.Low:0.00} à {r.Kappa.High:0.00}) ; {a.Differences.Count:N0} passages en désaccord."));
        }
        return lines;
    }
}
