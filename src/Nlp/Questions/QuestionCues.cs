using System.Collections.Frozen;

namespace Synthesis.Nlp.Questions;

/// <summary>A family of linguistic cues; each family votes for one question type.</summary>
internal enum CueGroup
{
    // Problems and publics
    ProblemLack,        // negation of availability: on manque de, il n'y a pas assez, pas de, aucun, faute de
    ProblemTrend,       // de plus en plus, se dégrade, disparition, hausse
    ProblemLexicon,     // negatively valued situations: isolement, précarité, pollution, violence
    ProblemAffect,      // being affected: subir, souffrir, être touché, avoir peur, je n'arrive pas
    ProblemWord,        // le problème, la difficulté, le souci, l'obstacle
    ProblemExcess,      // trop, trop de, beaucoup trop
    ProblemJudgement,   // inacceptable, scandaleux, malheureusement, hélas
    ProblemPublic,      // publics: personnes âgées, jeunes, familles monoparentales
    ProblemStatement,   // descriptive statements: copula and past tenses (est, sont, était, a été), definite noun phrases
    // Engagement
    EngageAct,          // first person + action verb: je trie, nous organisons, j'ai créé
    EngageStatus,       // je suis bénévole, je suis membre de
    EngageVocab,        // bénévolat, s'engager, participer, entraide, association
    EngagePotential,    // je pourrais, je suis prêt à, je veux bien
    EngagePractice,     // à mon niveau, au quotidien, depuis deux ans, pour ma part
    EngageInfinitive,   // clause-initial infinitive of an individual practice: "Manger local", "Trier ses déchets"
    // Solutions and cooperations
    SolutionDeontic,    // il faut, il faudrait, devrait, il serait souhaitable
    SolutionConditional,// conditional mood outside the first person: pourrait, serait, permettrait
    SolutionPropose,    // je propose, proposition, solution, piste
    SolutionInfinitive, // clause-initial infinitive: "Créer ...", "Ne pas taxer ..."
    SolutionImperative, // imperative or jussive: "Arrêtons ...", "Développez ...", "Que chacun ..."
    SolutionActionVerb, // infinitive of a public-action verb anywhere: développer, financer
    SolutionActionNoun, // nominalised action: création, mise en place, gratuité, subvention
    SolutionCooperation,// partenariat, coopération, mutualiser, en lien avec, ensemble
    SolutionImprove,    // mieux, davantage, plus de, meilleur, accessible
    SolutionNominal,    // a bare noun phrase with no other cue: names a measure or a means
    // Soft prior: overlap with the French question descriptions
    DescriptionProblem,
    DescriptionEngagement,
    DescriptionSolution,
}

/// <summary>A phrase cue: a pattern of folded tokens, the family it belongs to and its weight.</summary>
/// <remarks>
/// Pattern syntax, tokens separated by spaces and written in ordinary French (accents and elisions are folded
/// the same way as the text): <c>word</c> exact; <c>stem*</c> any word starting with stem (3 letters at least);
/// <c>{a,b*,c}</c> one of; <c>(word)</c> optional; <c>_</c> any one word. A phrase never spans a clause boundary.
/// </remarks>
internal readonly record struct PhraseCue(string Pattern, CueGroup Group, double Weight);

/// <summary>
/// The French cue lexicon of the zero-shot question classifier. These are the cues a French linguist would
/// write for any civic consultation: modality (deontic "il faut", conditional), mood (infinitive and imperative
/// proposals), person (first-person practice vs impersonal statements), negation of availability, trends and
/// the negatively valued vocabulary of social and environmental problems. They were not fitted to any data set.
/// </summary>
internal static class QuestionCues
{
    public const int GroupCount = (int)CueGroup.DescriptionSolution + 1;

    /// <summary>0 problem, 1 engagement, 2 solution.</summary>
    public static int Category(CueGroup g) => g switch
    {
        <= CueGroup.ProblemStatement => 0,
        <= CueGroup.EngageInfinitive => 1,
        CueGroup.DescriptionProblem => 0,
        CueGroup.DescriptionEngagement => 1,
        _ => 2,
    };

    static PhraseCue P(string p, CueGroup g, double w) => new(p, g, w);

    public static readonly PhraseCue[] Phrases =
    [
        // ---- negation of availability, lack ----
        P("{on,nous} {manque,manquons} (de)", CueGroup.ProblemLack, 1.2),
        P("manqu*", CueGroup.ProblemLack, 1.0),
        P("il ne y a {pas,plus,guere,jamais,aucun,aucune,rien,personne}", CueGroup.ProblemLack, 1.0),
        P("il ne y en a {pas,plus,guere,jamais}", CueGroup.ProblemLack, 1.0),
        P("ne y a {pas,plus}", CueGroup.ProblemLack, 0.9),
        P("ne {existe,existent} {pas,plus}", CueGroup.ProblemLack, 0.9),
        P("pas {assez,suffisamment}", CueGroup.ProblemLack, 1.0),
        P("plus assez", CueGroup.ProblemLack, 1.0),
        P("trop peu", CueGroup.ProblemLack, 1.0),
        P("peu de", CueGroup.ProblemLack, 0.4),
        P("faute de", CueGroup.ProblemLack, 0.8),
        P("{absence,absences,penurie,penuries,carence,carences}", CueGroup.ProblemLack, 0.9),
        P("{insuffisan*,inexistan*,inaccessible*,indisponible*}", CueGroup.ProblemLack, 0.9),
        P("pas {de,d} {acces,moyens,solution,solutions,possibilite,choix,place,places,alternative,alternatives}", CueGroup.ProblemLack, 0.8),
        P("{ne,n} {ont,a,avons} pas {acces,les moyens,le choix}", CueGroup.ProblemLack, 0.9),
        P("ne {peut,peuvent,pouvons} {pas,plus}", CueGroup.ProblemLack, 0.8),
        P("ne {arrive,arrivent,arrivons} {pas,plus}", CueGroup.ProblemAffect, 0.9),
        P("{impossible,impossibilite}", CueGroup.ProblemLack, 0.7),
        P("plus {aucun,aucune,personne,rien}", CueGroup.ProblemLack, 0.8),
        P("{personne,rien} ne", CueGroup.ProblemLack, 0.5),
        P("sans {aucun,aucune,solution,ressource,ressources,revenu,revenus,logement,emploi,travail,moyens,soutien,aide,reponse}", CueGroup.ProblemLack, 0.8),
        P("{laisse,laisses,laissee,laissees} pour compte", CueGroup.ProblemLack, 1.0),
        P("{oublie,oublies,oubliee,oubliees,delaisse*,abandonne,abandonnes,abandonnee,abandonnees}", CueGroup.ProblemLack, 0.7),
        P("{non,mal} {recours,pris en charge,accompagne*,loge*,desservi*}", CueGroup.ProblemLack, 0.7),
        P("{desert,deserts} {medical,medicaux,numerique,rural}", CueGroup.ProblemLack, 1.0),
        P("{fermeture,fermetures,suppression,suppressions} {de,des,du} {service,services,classe,classes,ecole,ecoles,bureau,bureaux,poste,postes,ligne,lignes,gare,gares,commerce,commerces,hopital,hopitaux,maternite,maternites,guichet,guichets}", CueGroup.ProblemLack, 0.9),
        P("{ferme,ferment,fermee,fermees,supprime,suppriment,supprimee,supprimees}", CueGroup.ProblemLack, 0.3),
        P("{besoin,besoins}", CueGroup.ProblemLack, 0.3),
        P("{aucun,aucune}", CueGroup.ProblemLack, 0.5),

        // ---- trends ----
        P("de plus en plus", CueGroup.ProblemTrend, 1.0),
        P("de moins en moins", CueGroup.ProblemTrend, 1.1),
        P("toujours {plus,moins}", CueGroup.ProblemTrend, 0.6),
        P("{sans cesse,ne cesse,ne cessent,ne fait que,ne font que}", CueGroup.ProblemTrend, 0.6),
        P("{aggrav*,degrad*,deteriore*,deterioration*,empire,empirent}", CueGroup.ProblemTrend, 0.9),
        P("{dispar*,destruction*,detrui*,extinction*,effondre*,erosion}", CueGroup.ProblemTrend, 0.9),
        P("{hausse,hausses,flambee,explosion,envolee} {de,des,du}", CueGroup.ProblemTrend, 0.8),
        P("{augmentation,augmentations} {de,des,du}", CueGroup.ProblemTrend, 0.4),
        P("{augmente,augmentent,explose,explosent,flambe,flambent,grimpe,grimpent}", CueGroup.ProblemTrend, 0.7),
        P("{baisse,diminue,diminuent,recule,reculent,chute,chutent,perte,pertes,perd,perdent,perdu,perdue,perdus}", CueGroup.ProblemTrend, 0.4),

        // ---- negatively valued situations (social, health, environment, democracy) ----
        P("{isole,isoles,isolee,isolees,isolement,solitude,seul,seuls,seule,seules}", CueGroup.ProblemLexicon, 0.9),
        P("{precari*,pauvrete,pauvres,appauvri*,misere,miserable*,indigence,denuement}", CueGroup.ProblemLexicon, 1.0),
        P("{exclusion,exclus,exclue,exclues,exclut,excluent,excluant,marginalis*,relegation,ghetto*,stigmatis*}", CueGroup.ProblemLexicon, 0.9),
        P("{chomage,chomeur*,licenci*,endett*,surendett*,dette,dettes,impaye*,expulsion*,expulse*}", CueGroup.ProblemLexicon, 0.9),
        P("{insalubr*,mal logement,logement indigne,logements indignes,sans abri,sans domicile,sdf,a la rue}", CueGroup.ProblemLexicon, 1.0),
        P("{violen*,harcel*,agression*,agresse*,maltraitan*,delinquan*,insecurit*,incivilit*,trafic*}", CueGroup.ProblemLexicon, 0.9),
        P("{discrimin*,racism*,raciste*,sexism*,homophob*,xenophob*,injustice*,injuste*,inegalit*,inequit*}", CueGroup.ProblemLexicon, 0.9),
        P("{faim,malnutrition,famine,detresse,souffrance*,depression*,deprime*,suicide*,addiction*,drogue*,alcoolism*}", CueGroup.ProblemLexicon, 0.9),
        P("{maladie,maladies,malade,malades,cancer,cancers,allergi*,asthme,deces,morts,mortalite}", CueGroup.ProblemLexicon, 0.6),
        P("{illettr*,illectron*,analphabet*,decrochage,echec scolaire,fracture,fractures}", CueGroup.ProblemLexicon, 0.9),
        P("{pollu*,pesticide*,toxique*,nocif*,nuisance*,bruit,bruits,betonn*,artificialis*,deforest*,gaspill*,surconsomm*,surexploit*}", CueGroup.ProblemLexicon, 0.7),
        P("{secheresse*,canicul*,inondation*,tempete*,intemperi*,incendie*,ouragan*,cyclone*,submersion,rechauffement,dereglement*,desertification}", CueGroup.ProblemLexicon, 0.8),
        P("{crise,crises,catastroph*,danger*,menace*,risque,risques,urgence,urgences,fleau*,drame*,dramatique*,desastr*}", CueGroup.ProblemLexicon, 0.7),
        P("{cher,chers,chere,cheres,couteu*,hors de prix,ruineu*,inabordable*}", CueGroup.ProblemLexicon, 0.6),
        P("{corruption,fraude,fraudes,arnaque*,mensonge*,mepris,abus,gabegie}", CueGroup.ProblemLexicon, 0.6),
        P("{embouteill*,bouchon,bouchons,saturation,sature,saturee,saturees,surcharge*,surpeupl*,engorge*}", CueGroup.ProblemLexicon, 0.7),
        P("{fragil*,vulnerab*,precaires,demunis,defavorise*,sinistre*,victime,victimes}", CueGroup.ProblemLexicon, 0.8),
        P("{lourdeur*,lenteur*,complexite,complique,compliquee,compliques,compliquees,dysfonction*,defaillan*,retard,retards,attente}", CueGroup.ProblemLexicon, 0.5),
        P("{obstacle*,frein,freins,barriere*,blocage*,bloque,bloques,bloquee,bloquees}", CueGroup.ProblemLexicon, 0.6),
        P("{mal,mauvais,mauvaise,mauvaises,pire,pires,moins bien,faux,fausse,fausses}", CueGroup.ProblemLexicon, 0.3),
        P("{orage,orages,grele,crue,crues,montee des eaux,elevation des temperatures,temperatures elevees,rarefaction,rarification,rarete,raref*}", CueGroup.ProblemLexicon, 0.7),
        P("{detournement*,gaspillage,lobby,lobbies,lobbying,punition*,puniti*,culpabilis*,irreversible*,nefaste*,desequilibre*}", CueGroup.ProblemLexicon, 0.6),
        P("{empeche,empechent,empecher,entrave*,nuisent,nuire,pese,pesent}", CueGroup.ProblemLexicon, 0.5),

        // ---- being affected ----
        P("{subi*,souffr*,endure*,pati*}", CueGroup.ProblemAffect, 0.8),
        P("{touche,touches,touchee,touchees,impacte*,affecte,affectes,affectee,affectees,frappe,frappes,frappee,frappees}", CueGroup.ProblemAffect, 0.6),
        P("{peur,peurs,angoiss*,inquiet*,anxi*,crain*,redout*,effray*,terrifi*,alarm*,stress*,epuise*,decourage*,panique*}", CueGroup.ProblemAffect, 0.7),
        P("{du mal a,de la peine a,galere*}", CueGroup.ProblemAffect, 0.8),
        P("{oblige,obliges,obligee,obligees,contraint,contraints,contrainte,contraintes,force,forces,forcee,forcees} {de,a,d}", CueGroup.ProblemAffect, 0.6),

        // ---- naming the problem ----
        P("{probleme,problemes,problematique*,difficulte*,souci,soucis,ennui,ennuis,inconvenient*,defi,defis,enjeu,enjeux}", CueGroup.ProblemWord, 0.8),
        P("{difficile,difficiles,dur,dure,durs,dures,penible*}", CueGroup.ProblemWord, 0.6),
        P("le probleme {ce est,est}", CueGroup.ProblemWord, 1.0),

        // ---- excess ----
        P("{beaucoup trop,bien trop,trop}", CueGroup.ProblemExcess, 0.6),
        P("{excessi*,exorbitant*,abusi*,demesure*}", CueGroup.ProblemExcess, 0.7),

        // ---- negative judgement ----
        P("{inacceptable*,inadmissible*,insupportable*,intolerable*,scandal*,honte,honteu*,deplorable*,lamentable*,revoltant*,absurde*,aberrant*,ridicule*,grave,graves,gravement}", CueGroup.ProblemJudgement, 0.7),
        P("{malheureusement,helas,deplor*,regrett*,dommage,triste,tristement,inquietant*,alarmant*}", CueGroup.ProblemJudgement, 0.6),
        P("{au detriment,aux depens,au prix de,sous pretexte,sans que,alors que}", CueGroup.ProblemJudgement, 0.5),
        P("{ce est,ce etait} {la,le} {catastrophe,galere,misere,drame,probleme,souci}", CueGroup.ProblemJudgement, 0.8),

        // ---- publics that need attention ----
        P("{personnes,gens} {agees,seules,isolees,vulnerables,fragiles,handicapees,malades,precaires,sans}", CueGroup.ProblemPublic, 0.5),
        P("{jeunes,etudiant*,aine,aines,senior*,retraite,retraites,retraitee,retraitees,enfants,mineurs,adolescent*,familles,femmes,meres,peres,parents}", CueGroup.ProblemPublic, 0.2),
        P("{monoparental*,migrant*,refugie*,exile*,sans papiers,demandeur* de asile,travailleur* pauvre*,aidants,handicape*,invalid*,veuve*,dependan*}", CueGroup.ProblemPublic, 0.5),
        P("{nouveaux,nouvelles} {publics,pauvres,precaires,besoins,formes de pauvrete,formes de precarite}", CueGroup.ProblemPublic, 0.8),
        P("en situation de {handicap,precarite,pauvrete,exclusion,detresse,isolement,rue}", CueGroup.ProblemPublic, 0.8),

        // ---- engagement vocabulary ----
        P("{benevol*,volontariat,volontaire,volontaires,militan*,milite,militons,militer,adherent*,adhere,adherons,adhesion}", CueGroup.EngageVocab, 0.9),
        P("{me,se,nous,te} {engag*,investi*,implique*,impliqu*,mobilis*,rend utile,rendre utile}", CueGroup.EngageVocab, 1.0),
        P("{engagement,engagements,engage,engages,engagee,engagees}", CueGroup.EngageVocab, 0.6),
        P("{participe,participons,participer,participation,participatif,participative}", CueGroup.EngageVocab, 0.5),
        P("{membre,membres} {de,du,des,d}", CueGroup.EngageVocab, 0.6),
        P("{entraide,entraider,coup de main,rendre service,rends service,donner de mon temps,donne de mon temps,donner de son temps,donner du temps,donne du temps}", CueGroup.EngageVocab, 0.9),
        P("{association,associations,associatif,associative,asso,collectif,collectifs,cooperative}", CueGroup.EngageVocab, 0.3),
        P("{maraude*,collecte*,parrain*,marraine*,tutorat,soutien scolaire,aide aux devoirs}", CueGroup.EngageVocab, 0.3),
        P("faire {un,des} {don,dons}", CueGroup.EngageVocab, 0.6),
        P("{mon,ma,mes,notre,nos} {association,associations,collectif,engagement,engagements,action,actions,effort,efforts,gestes,geste,contribution,benevolat,quartier,voisins,voisin,voisine,entourage,famille,foyer,commune,jardin,compost,consommation,achats,dechets,velo,deplacements}", CueGroup.EngagePractice, 0.5),
        P("{mon,ma,mes} _", CueGroup.EngagePractice, 0.2),
        P("{petits gestes,gestes du quotidien,gestes quotidiens,eco gestes,ecogestes,bons gestes,gestes simples}", CueGroup.EngagePractice, 0.8),

        // ---- practice markers ----
        P("a mon {niveau,echelle,modeste niveau,petit niveau}", CueGroup.EngagePractice, 1.0),
        P("a notre {niveau,echelle}", CueGroup.EngagePractice, 0.8),
        P("a titre {personnel,individuel}", CueGroup.EngagePractice, 0.8),
        P("{personnellement,individuellement}", CueGroup.EngagePractice, 0.3),
        P("{pour ma part,de mon cote,en ce qui me concerne,chez moi,chez nous,autour de moi,moi meme,nous memes}", CueGroup.EngagePractice, 0.6),
        P("{au quotidien,quotidiennement,tous les jours,chaque jour,chaque semaine,toutes les semaines,regulierement,des que possible,le plus possible,au maximum,autant que possible,dans la mesure du possible,le plus souvent possible}", CueGroup.EngagePractice, 0.5),
        P("depuis {_,des,plusieurs,quelques,longtemps} {ans,annees,mois,longtemps}", CueGroup.EngagePractice, 0.6),
        P("depuis {longtemps,toujours}", CueGroup.EngagePractice, 0.5),
        P("{deja,desormais,dorenavant,maintenant}", CueGroup.EngagePractice, 0.2),
        P("en tant que {benevole,citoyen,citoyenne,parent,membre,habitant,habitante,voisin,voisine,militant,militante,elu,elue,adherent,adherente}", CueGroup.EngagePractice, 0.8),

        // ---- deontic modality ----
        P("{il,ils} {faut,faudrait,faudra,fallait}", CueGroup.SolutionDeontic, 1.2),
        P("{faut,faudrait,faudra}", CueGroup.SolutionDeontic, 1.0),
        P("il {est,serait,sera} {necessaire,indispensable,urgent,important,essentiel,primordial,imperatif,vital,temps,grand temps,bon,bien,souhaitable,judicieux,utile,interessant,opportun,preferable,logique,normal,juste,pertinent,sage,raisonnable,possible}", CueGroup.SolutionDeontic, 1.1),
        P("{ce,cela,ca} {serait,serai} {bien,bon,mieux,utile,bien,une bonne,un bon,souhaitable,judicieux,interessant,ideal,genial,top,super}", CueGroup.SolutionDeontic, 1.0),
        P("il {convient,conviendrait,suffit,suffirait,suffira,importe,reste a}", CueGroup.SolutionDeontic, 1.0),
        P("{doit,doivent,devrait,devraient,devrions,devons,devra,devront,devriez}", CueGroup.SolutionDeontic, 1.0),
        P("pourquoi {ne pas,pas}", CueGroup.SolutionDeontic, 1.2),
        P("il y a lieu de", CueGroup.SolutionDeontic, 1.0),
        P("{necessite,necessaire,necessaires,indispensable,indispensables,imperatif,urgent,prioritaire,prioritaires,priorite}", CueGroup.SolutionDeontic, 0.4),
        P("{a condition que,a condition de,il faut que,faut que}", CueGroup.SolutionDeontic, 0.4),
        P("{on,nous} {doit,devrait,devons,devrions,pourrait,pourrions,aurait interet,gagnerait}", CueGroup.SolutionDeontic, 1.0),

        // ---- proposing ----
        P("{proposition,propositions,proposer,propose,proposons,proposerais,suggestion,suggestions,suggere,suggerer,suggerons,preconis*,recommand*}", CueGroup.SolutionPropose, 0.8),
        P("{solution,solutions,reponse,reponses,piste,pistes,remede,remedes,idee,idees,mesure,mesures,reforme,reformes,moyen de,moyens de}", CueGroup.SolutionPropose, 0.4),
        P("{la,une,les,des,seule,meilleure,bonne,vraie} {solution,solutions} {est,serait,sont,seraient,ce est,passe,passent}", CueGroup.SolutionPropose, 0.8),
        P("{favorable,favorables} {a,au,aux}", CueGroup.SolutionPropose, 0.6),

        // ---- cooperation ----
        P("{partenariat*,cooperation*,cooperer,collaborat*,collaborer,mutualis*,coordination,coordonner,coordonne,concertation,synergie*,mise en reseau,mettre en reseau,travailler ensemble,agir ensemble,faire ensemble,en lien avec,main dans la main,co construire,coconstruire,co construction,guichet unique,interlocuteur unique}", CueGroup.SolutionCooperation, 0.8),
        P("{ensemble,entre les,entre acteurs,tous les acteurs,acteurs locaux,acteurs de terrain}", CueGroup.SolutionCooperation, 0.3),

        // ---- nominalised action, means ----
        P("{creation,creations,mise en place,mise en oeuvre,mise a disposition,renforcement,amelioration,ameliorations,instauration,generalisation,simplification,revalorisation,valorisation,sensibilisation,prevention,incitation,incitations,incitatif,incitative,incitatifs,incitatives,accompagnement,encadrement,regulation,reglementation,interdiction,interdictions,taxation,reduction des,baisse des,limitation,plafonnement,relocalisation,developpement des,developpement de,developpement du,ouverture de,ouverture des,ouverture du}", CueGroup.SolutionActionNoun, 0.7),
        P("{aide,aides,subvention*,prime,primes,credit de impot,credits de impot,bonus,cheque,cheques,pret a taux zero,financement*,investissement*,allocation*,remboursement*,exoneration*,gratuit,gratuite,gratuits,gratuites,gratuitement,tarif reduit,tarifs reduits,reduction*}", CueGroup.SolutionActionNoun, 0.5),
        P("{dispositif*,programme*,plan,plateforme*,guichet*,lieu,lieux,lieu de accueil,lieux de accueil,espace,espaces,maison de,maisons de,tiers lieu*,centre social,centres sociaux,point de accueil,points de accueil,referent*,mediateur*,mediation,service,services,structure,structures,outil,outils,reseau,reseaux,navette*,alternative,alternatives}", CueGroup.SolutionActionNoun, 0.25),
        P("{formation,formations,information,informations,education,eduquer,pedagogie,transparence,controle,controles,sanction,sanctions,obligation,obligations,obligatoire,obligatoires,taxe,taxes,taxer,norme,normes,loi,lois,legiferer}", CueGroup.SolutionActionNoun, 0.3),

        // ---- improvement, demand for more ----
        P("{mieux,davantage,meilleur,meilleure,meilleurs,meilleures,plus efficace,plus efficaces,plus accessible,plus accessibles,accessible,accessibles,abordable,abordables,moins cher,moins chers,moins chere,moins cheres,a moindre cout,plus juste,plus simple,plus simples,plus souvent,plus frequent,plus frequents,plus nombreux,plus nombreuses,adapte,adaptes,adaptee,adaptees}", CueGroup.SolutionImprove, 0.4),
        P("plus de {moyens,places,personnel,personnels,postes,lieux,services,aides,transports,bus,trains,lignes,controles,transparence,information,soutien,accompagnement,benevoles,logements,pistes,offres,structures,financements,subventions,acces,possibilites,liberte,democratie,justice,solidarite,education,formation,prevention,pedagogie,proximite,presence,ecoute}", CueGroup.SolutionImprove, 0.6),
        P("en {priorite,urgence}", CueGroup.SolutionImprove, 0.3),
    ];

    // ---------------- verb classes for the first-person detector (folded forms) ----------------

    /// <summary>Predicates after "je suis / nous sommes / j'ai été" that describe an engagement.</summary>
    public static readonly string[] EngagedPredicatePrefixes =
    [
        "benevol", "volontair", "membre", "adherent", "militant", "engage", "investi", "implique", "actif", "active",
        "pret", "prete", "disponible", "dispose", "partant", "motive", "president", "tresorier", "secretaire",
        "animat", "parrain", "marraine", "tuteur", "tutrice", "aidant", "donneu", "sauveteu", "pompier", "elu",
        "referent", "responsable", "fondat", "cofondat", "coordinat", "organisat", "ambassad", "mobilise",
        "sensibilise", "attentif", "attentive", "vigilant", "econome", "vegetarien", "vegan", "adepte", "abonne",
        "inscrit", "en train", "en contact", "en lien", "au conseil", "conseill",
    ];

    /// <summary>Predicates after a first-person "être" that describe being affected by a problem.</summary>
    public static readonly string[] AffectedPredicatePrefixes =
    [
        "touche", "concerne", "victime", "oblige", "contraint", "force", "inquiet", "isole", "seul", "precaire",
        "au chomage", "chomeu", "demandeu", "sans", "malade", "handicap", "endette", "pauvre", "expose", "impacte",
        "affecte", "submerge", "epuise", "desempare", "perdu", "decu", "agace", "choque", "scandalise", "deprime",
        "triste", "degoute", "effraye", "terrifie", "fatigue", "lasse", "en colere", "en difficulte", "en galere",
        "dans la galere", "en situation", "a la rue", "a la retraite", "bloque", "coince", "limite", "prive",
        "incapable", "dependant", "loin", "eloigne", "mal", "tres mal", "inquiete", "angoisse", "stresse",
    ];

    /// <summary>
    /// Opinion, cognition, speech and situation verbs: the speaker comments or situates, does not act.
    /// (Checked after the proposal and affect verbs, which take precedence.)
    /// </summary>
    public static readonly FrozenSet<string> OpinionVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "pense", "pensons", "crois", "croyons", "trouve", "trouvons", "estime", "estimons", "considere",
        "considerons", "sais", "savons", "comprends", "comprenons", "doute", "doutons", "imagine", "imaginons",
        "dis", "disons", "parle", "parlons", "reponds", "repondons", "ignore", "rappelle", "precise", "ajoute",
        "insiste", "connais", "connaissons", "lis", "lisons", "entendons", "suppose", "avoue", "admets",
        "reconnais", "juge", "jugeons", "trouvais", "pensais", "croyais", "savais", "ecoute", "ecoutons",
        "regarde", "regardons", "habite", "habitons", "reside", "residons", "travaille", "travaillons",
        "rejoins", "approuve", "adhere",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>First-person verbs that introduce a proposal or a wish for others.</summary>
    public static readonly FrozenSet<string> ProposalVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "propose", "proposons", "suggere", "suggerons", "preconise", "preconisons", "recommande", "recommandons",
        "demande", "demandons", "souhaite", "souhaitons", "souhaiterais", "souhaiterions", "voudrais", "voudrions",
        "aimerais", "aimerions", "reclame", "reclamons", "exige", "exigeons", "prone", "plaide", "plaidons",
        "appelle", "appelons", "conseille", "conseillons", "invite", "invitons", "attends", "attendons",
        "revendique", "revendiquons", "prefererais", "preferais", "verrais", "verrions", "espere", "esperons",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>First-person verbs that say the speaker is affected or observes a problem.</summary>
    public static readonly FrozenSet<string> AffectVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "subis", "subissons", "souffre", "souffrons", "crains", "craignons", "redoute", "redoutons", "regrette",
        "regrettons", "deplore", "deplorons", "constate", "constatons", "observe", "observons", "remarque",
        "remarquons", "manque", "manquons", "galere", "galerons", "peine", "peinons", "perds", "perdons",
        "paie", "paye", "payons", "inquiete", "angoisse", "endure", "endurons", "vois", "voyons", "vis", "vivons",
        "ressens", "sens", "sentons", "apercois", "note", "notons", "respire", "respirons", "entends",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that may stand between the subject and its verb: negation and object clitics.</summary>
    public static readonly FrozenSet<string> Clitics = new HashSet<string>(StringComparer.Ordinal)
    {
        "ne", "me", "te", "se", "le", "la", "les", "lui", "leur", "y", "en", "nous", "vous",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Adverbs that may stand between an auxiliary and its participle.</summary>
    public static readonly FrozenSet<string> AuxAdverbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "deja", "toujours", "aussi", "souvent", "beaucoup", "meme", "bien", "longtemps", "pas", "plus", "jamais",
        "egalement", "recemment", "personnellement", "moi", "enfin", "enormement", "parfois", "rarement",
        "encore", "tous", "toutes", "tout", "vraiment", "completement", "totalement", "largement", "notamment",
        "ainsi", "donc", "alors", "peu", "guere", "naturellement", "evidemment", "forcement", "meme",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Participles after "j'ai" that are perception, cognition or a modal: no action reported.</summary>
    public static readonly FrozenSet<string> NeutralParticiples = new HashSet<string>(StringComparer.Ordinal)
    {
        "vu", "pense", "cru", "compris", "su", "lu", "entendu", "remarque", "constate", "note", "appris", "trouve",
        "dit", "ecrit", "repondu", "eu", "ete", "pu", "du", "voulu", "fallu", "cherche", "lu", "regarde",
        "observe", "parle", "demande", "propose", "suggere", "explique", "eu", "oublie", "l", "indique",
        "signale", "rappele", "precise", "evoque", "cite", "mentionne", "vote", "coche", "repond", "reflechi",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Participles after "j'ai" that report suffering a problem.</summary>
    public static readonly FrozenSet<string> AffectParticiples = new HashSet<string>(StringComparer.Ordinal)
    {
        "subi", "souffert", "perdu", "vecu", "connu", "endure", "failli", "manque", "rate", "galere", "paye",
        "paie", "du", "vu", "ete", "eu", "peur", "mal", "attendu", "renonce", "abandonne", "arrete",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Irregular past participles (folded) of action verbs.</summary>
    public static readonly FrozenSet<string> IrregularParticiples = new HashSet<string>(StringComparer.Ordinal)
    {
        "fait", "faits", "pris", "mis", "rejoint", "ouvert", "offert", "appris", "recu", "construit", "produit",
        "conduit", "reduit", "choisi", "investi", "fini", "reussi", "agi", "soutenu", "obtenu", "devenu", "tenu",
        "maintenu", "vecu", "subi", "souffert", "perdu", "connu", "vendu", "rendu", "repris", "remis", "permis",
        "promis", "decouvert", "couvert", "recouvert", "rempli", "etabli", "accueilli", "cueilli", "servi",
        "parti", "sorti", "dormi", "ecrit", "inscrit", "dit", "lu", "vu", "su", "pu", "du", "eu", "ete", "cru",
        "bu", "couru", "mort", "ne", "elu", "entrepris", "compris", "surpris", "abstenu", "retenu", "contenu",
        "interdit", "traduit", "introduit", "instruit", "detruit", "cuit", "joint", "peint", "atteint", "eteint",
        "plaint", "craint", "resolu", "conclu", "inclus", "exclu", "battu", "combattu", "abattu", "rompu",
        "interrompu", "entendu", "attendu", "repondu", "defendu", "descendu", "tendu", "pendu", "vaincu",
        "convaincu", "suivi", "poursuivi", "survecu", "nourri", "grandi", "reflechi", "enrichi", "agrandi",
        "embelli", "rajeuni", "garanti", "converti", "averti", "reuni", "uni", "fourni", "bati", "rebati",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Infinitives whose usual agent is a person acting in daily life (a practice one can adopt oneself): as a
    /// clause-initial answer they tell of an engagement as much as they propose.
    /// </summary>
    public static readonly FrozenSet<string> IndividualVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "manger", "acheter", "consommer", "trier", "recycler", "composter", "utiliser", "eviter", "rouler",
        "marcher", "pedaler", "covoiturer", "reparer", "eteindre", "economiser", "choisir", "boycotter",
        "cuisiner", "jardiner", "planter", "recuperer", "reutiliser", "donner", "participer", "adherer", "voter",
        "partager", "preter", "ecouter", "visiter", "echanger", "agir", "prendre", "aller", "marcher", "vivre",
        "habiter", "chauffer", "fermer", "laver", "ramasser", "benevoler", "militer", "cotiser", "consacrer",
        "moins", "deplacer", "engager", "investir", "impliquer", "limiter", "diminuer", "reduire", "privilegier",
        "faire", "essayer", "tenter", "continuer", "commencer", "arreter", "respecter", "veiller", "boire",
        "acheter", "louer", "emprunter", "offrir", "rendre", "accompagner", "aider", "soutenir", "transmettre",
        "apprendre", "enseigner", "expliquer", "sensibiliser", "informer", "inciter", "convaincre", "parler",
        "discuter", "rencontrer", "accueillir", "heberger", "nourrir", "garder", "entretenir", "nettoyer",
        "baisser", "debrancher", "isoler", "changer", "adopter", "recevoir", "lire", "suivre", "sortir",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Infinitives whose usual agent is an institution (state, city, organisation): as a clause-initial answer
    /// they propose a public response.
    /// </summary>
    public static readonly FrozenSet<string> InstitutionalVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "creer", "ouvrir", "developper", "financer", "subventionner", "taxer", "detaxer", "interdire", "obliger",
        "imposer", "instaurer", "mettre", "generaliser", "renforcer", "faciliter", "permettre", "former",
        "eduquer", "legiferer", "reglementer", "controler", "sanctionner", "punir", "supprimer", "augmenter",
        "revoir", "repenser", "reformer", "moderniser", "simplifier", "garantir", "assurer", "proposer",
        "recruter", "embaucher", "construire", "renover", "amenager", "installer", "equiper", "relancer",
        "rouvrir", "multiplier", "elargir", "etendre", "prolonger", "adapter", "valoriser", "promouvoir",
        "favoriser", "encourager", "lutter", "planifier", "coordonner", "mutualiser", "cooperer", "federer",
        "organiser", "rembourser", "indemniser", "exonerer", "plafonner", "encadrer", "reguler", "nationaliser",
        "relocaliser", "recenser", "evaluer", "accorder", "attribuer", "allouer", "verser", "distribuer",
        "deployer", "implanter", "desservir", "ameliorer", "abaisser", "rendre", "instituer", "etablir",
        "responsabiliser", "impliquer", "associer", "consulter", "ecouter", "cesser", "stopper", "arreter",
        "obliger", "contraindre", "rehausser", "reduire", "baisser", "diminuer", "limiter", "remplacer",
    }.ToFrozenSet(StringComparer.Ordinal);

    // ---------------- morphology ----------------

    static readonly FrozenSet<string> ErNonVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "mer", "hiver", "fer", "cher", "super", "hyper", "cancer", "laser", "enfer", "hier", "ver", "amer", "poster",
        "leader", "manager", "danger", "etranger", "leger", "verger", "berger", "boulanger", "oranger", "foyer",
        "loyer", "rocher", "plancher", "clocher", "porcher", "archer", "vacher", "boucher", "cocher", "dealer",
        "reporter", "scooter", "starter", "joker", "master", "poker", "soccer", "speaker", "sticker", "charter",
        "computer", "trader", "partner", "designer", "container", "bunker", "revolver", "cuiller", "ether",
        "diner", "dejeuner", "souper", "gouter", "coucher", "lever", "baiser", "pouvoir", "devoir", "savoir",
        "premier", "dernier", "alzheimer", "quater", "cluster", "flyer", "roller", "fer", "eider", "mixer",
        "carter", "power", "newsletter", "cutter", "thriller", "lobbyer", "taser", "gangster", "hamster",
    }.ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenSet<string> IerVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "etudier", "oublier", "multiplier", "diversifier", "simplifier", "unifier", "privilegier", "modifier",
        "verifier", "justifier", "clarifier", "qualifier", "certifier", "identifier", "intensifier", "amplifier",
        "notifier", "planifier", "rectifier", "remedier", "remercier", "apprecier", "negocier", "associer",
        "concilier", "reconcilier", "licencier", "beneficier", "copier", "crier", "envier", "allier", "relier",
        "lier", "marier", "nier", "plier", "prier", "trier", "varier", "rallier", "publier", "confier", "defier",
        "approprier", "exproprier", "initier", "differencier", "densifier", "fortifier", "glorifier", "gratifier",
        "humidifier", "justifier", "mystifier", "purifier", "quantifier", "ratifier", "sacrifier", "solidifier",
        "specifier", "vivifier", "electrifier", "diversifier", "reunifier", "sanctifier", "falsifier", "mendier",
        "incendier", "expedier", "repertorier", "rapatrier", "parier", "skier", "supplier", "spolier", "choyer",
        "essuyer", "ennuyer", "appuyer", "employer", "nettoyer", "envoyer", "renvoyer", "tutoyer", "vouvoyer",
        "deployer", "noyer", "foudroyer", "broyer", "payer", "essayer", "balayer", "effrayer", "rayer", "bayer",
        "etayer", "monnayer", "relayer", "begayer", "deblayer", "remblayer", "pagayer",
    }.ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenSet<string> IrNonVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "avenir", "plaisir", "desir", "loisir", "loisirs", "soupir", "elixir", "saphir", "cuir", "emir", "nadir",
        "zephyr", "tapir", "vampir", "kefir", "fakir", "menhir", "yaourt", "souvenir", "martyr",
    }.ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenSet<string> OirVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "pouvoir", "devoir", "savoir", "voir", "avoir", "recevoir", "percevoir", "concevoir", "apercevoir",
        "decevoir", "prevoir", "revoir", "pourvoir", "promouvoir", "mouvoir", "emouvoir", "vouloir", "valoir",
        "prevaloir", "falloir", "asseoir", "surseoir", "echoir", "entrevoir", "ravoir", "equivaloir",
    }.ToFrozenSet(StringComparer.Ordinal);

    static readonly string[] ReVerbEndings = ["ndre", "ttre", "uire", "crire", "aitre", "oitre", "clure", "oudre", "ompre", "aincre"];

    static readonly FrozenSet<string> ReVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "faire", "refaire", "defaire", "satisfaire", "contrefaire", "dire", "redire", "interdire", "predire",
        "contredire", "maudire", "lire", "elire", "relire", "reelire", "rire", "suffire", "boire", "croire",
        "plaire", "deplaire", "taire", "extraire", "distraire", "soustraire", "traire", "vivre", "revivre",
        "survivre", "suivre", "poursuivre", "etre", "ecrire", "decrire", "inscrire", "prescrire", "proscrire",
        "souscrire", "transcrire", "circonscrire", "luire", "nuire", "cuire", "conduire", "confire",
    }.ToFrozenSet(StringComparer.Ordinal);

    static readonly FrozenSet<string> ReNonVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "lettre", "lettres", "maitre", "maitres", "cendre", "gendre", "calendre", "esclandre", "scaphandre",
        "cylindre", "methandre", "ordre", "desordre", "coriandre", "salamandre", "palissandre", "meandre",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a folded word has the shape of a French infinitive (not a noun in -er, -ir, -re).</summary>
    public static bool IsInfinitive(string w)
    {
        if (w.Length < 4) return w is "etre" or "dire" or "lire" or "rire" or "voir" or "fuir";
        if (w.EndsWith("er", StringComparison.Ordinal))
        {
            if (ErNonVerbs.Contains(w)) return false;
            if (w.EndsWith("ier", StringComparison.Ordinal) || w.EndsWith("yer", StringComparison.Ordinal))
                return IerVerbs.Contains(w);
            return true;
        }
        if (w.EndsWith("ir", StringComparison.Ordinal))
        {
            if (w.EndsWith("oir", StringComparison.Ordinal)) return OirVerbs.Contains(w);
            return !IrNonVerbs.Contains(w);
        }
        if (w.EndsWith("re", StringComparison.Ordinal))
        {
            if (ReNonVerbs.Contains(w)) return false;
            if (ReVerbs.Contains(w)) return true;
            foreach (var e in ReVerbEndings)
                if (w.EndsWith(e, StringComparison.Ordinal)) return true;
            return w.EndsWith("mettre", StringComparison.Ordinal) || w.EndsWith("prendre", StringComparison.Ordinal);
        }
        return false;
    }

    static readonly FrozenSet<string> ConditionalNonVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "frais", "marais", "vrais", "engrais", "trait", "traits", "portrait", "portraits", "retrait", "retraits",
        "attrait", "attraits", "extrait", "extraits", "abstrait", "abstraits", "distrait", "soustrait", "rais",
        "desormais", "jamais", "mais", "tramways", "raies", "orient", "hors", "parfait", "parfaits",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a folded word has the shape of a present conditional (pourrait, serions, faudrait).</summary>
    public static bool IsConditional(string w)
    {
        if (w.Length < 5 || ConditionalNonVerbs.Contains(w)) return false;
        return w.EndsWith("rais", StringComparison.Ordinal) || w.EndsWith("rait", StringComparison.Ordinal)
            || w.EndsWith("raient", StringComparison.Ordinal) || w.EndsWith("rions", StringComparison.Ordinal)
            || w.EndsWith("riez", StringComparison.Ordinal);
    }

    static readonly FrozenSet<string> EzNonVerbs = new HashSet<string>(StringComparer.Ordinal) { "chez", "assez", "nez", "rez", "riz", "mez", "suez" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> ImperativeOns = new HashSet<string>(StringComparer.Ordinal)
    {
        "arretons", "soyons", "faisons", "agissons", "changeons", "commencons", "mettons", "osons", "allons",
        "parlons", "pensons", "donnons", "cessons", "prenons", "gardons", "aidons", "soutenons", "developpons",
        "creons", "construisons", "investissons", "limitons", "reduisons", "luttons", "protegeons", "favorisons",
        "encourageons", "partageons", "redonnons", "rendons", "travaillons", "unissons", "battons", "sortons",
        "revenons", "retrouvons", "supprimons", "taxons", "interdisons", "imposons", "mangeons", "consommons",
        "oublions", "etudions", "multiplions", "associons", "privilegions", "simplifions", "essayons", "payons",
        "ouvrons", "offrons", "instaurons", "rendons", "remettons", "repensons", "reinventons", "acceptons",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether a clause-initial folded word looks like an imperative (2nd plural -ez or a known -ons).</summary>
    public static bool IsImperative(string w) =>
        (w.Length >= 5 && w.EndsWith("ez", StringComparison.Ordinal) && !EzNonVerbs.Contains(w)) || ImperativeOns.Contains(w);

    /// <summary>Whether an accented lower-case word looks like a past participle (créé, rénové, fait, mis).</summary>
    public static bool IsParticiple(string accented, string folded)
    {
        if (IrregularParticiples.Contains(folded)) return true;
        return accented.EndsWith('é') || accented.EndsWith("ée", StringComparison.Ordinal)
            || accented.EndsWith("és", StringComparison.Ordinal) || accented.EndsWith("ées", StringComparison.Ordinal);
    }

    /// <summary>Stop words for description overlap (function words, auxiliaries, pronouns).</summary>
    public static readonly FrozenSet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "le", "la", "les", "de", "des", "du", "un", "une", "et", "ou", "que", "qui", "quoi", "dont", "pour", "par",
        "sur", "sous", "dans", "avec", "sans", "ce", "ces", "cet", "cette", "se", "sa", "son", "ses", "leur",
        "leurs", "nos", "notre", "vos", "votre", "mon", "ma", "mes", "il", "ils", "elle", "elles", "on", "nous",
        "vous", "je", "tu", "me", "te", "est", "sont", "etre", "avoir", "faire", "fait", "plus", "moins", "tres",
        "tout", "tous", "toute", "toutes", "aux", "au", "en", "y", "ne", "pas", "quel", "quels", "quelle",
        "quelles", "faut", "comme", "mais", "donc", "car", "ni", "si", "entre", "vers", "chez", "aussi", "autre",
        "autres", "meme", "memes", "deja", "ont", "avons", "etc", "cela", "ca", "ceci", "celui", "celle", "ceux",
    }.ToFrozenSet(StringComparer.Ordinal);
}
