namespace Synthesis.Nlp.Questions;

/// <summary>
/// The three questions of the dialogue, written in French in general civic terms. The zero-shot scorer uses
/// them as a soft lexical prior (content-word overlap between a passage and each description), on top of the
/// linguistic cues of <see cref="QuestionCues"/>. Each description names what an answer to that question does
/// (describes a difficulty, tells what one does, proposes a response) rather than a subject, so they carry over
/// to any consultation: solidarity, environment, housing, democracy.
/// </summary>
public static class QuestionDescriptions
{
    public const string Problem =
        "Quels problèmes sociaux, quelles difficultés et quels besoins non couverts faut-il voir ? Quels nouveaux " +
        "publics sont touchés ou fragilisés ? Constat d'une situation qui se dégrade : manque, absence, pénurie, " +
        "insuffisance de moyens, de places, de services ou de bénévoles ; isolement, solitude, précarité, pauvreté, " +
        "misère, exclusion, chômage, endettement, mal-logement, insalubrité, violence, discrimination, inégalités, " +
        "injustice, souffrance, détresse, peur, inquiétude ; personnes âgées isolées, jeunes, étudiants, familles " +
        "monoparentales, travailleurs pauvres, personnes sans abri, migrants, personnes handicapées, aidants ; " +
        "hausse des prix, des loyers et des charges, dégradation, disparition, fermeture, pollution, crise, " +
        "catastrophe ; de plus en plus, de moins en moins, trop, pas assez, il n'y a plus, on manque de.";

    public const string Engagement =
        "Quelles nouvelles façons de s'engager faut-il soutenir ? Ce que les habitants font déjà ou sont prêts à " +
        "faire eux-mêmes : je suis bénévole, je participe, je m'engage, je m'investis, j'aide mes voisins, je donne " +
        "de mon temps, nous organisons, nous avons créé un collectif, je milite, j'adhère à une association, je " +
        "fais, j'essaie, je trie, je partage, je prête, je répare, j'accompagne ; bénévolat, volontariat, entraide, " +
        "engagement citoyen, participation, action collective, gestes du quotidien, à mon niveau, à mon échelle, " +
        "à titre personnel, depuis des années, tous les jours, je pourrais, je serais prêt à, je suis disposé à.";

    public const string Solution =
        "Quelles réponses, quelles solutions et quelles coopérations faut-il renforcer ? Propositions et mesures " +
        "pour l'avenir : il faudrait, il faut, on pourrait, je propose, je suggère, il serait souhaitable de, " +
        "devrait, créer, ouvrir, développer, renforcer, soutenir, financer, faciliter, favoriser, encourager, " +
        "améliorer, simplifier, généraliser, mettre en place, mettre en réseau, mutualiser, coordonner, former, " +
        "informer, sensibiliser, accompagner ; création, mise en place, dispositif, lieu d'accueil, service, " +
        "guichet unique, permanence, aide, subvention, gratuité, accès, partenariat, coopération entre " +
        "associations, institutions et entreprises, plus de moyens, davantage, mieux.";
}
