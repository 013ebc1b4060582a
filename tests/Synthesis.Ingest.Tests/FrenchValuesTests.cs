using Synthesis.Ingest.Import;

namespace Synthesis.Ingest.Tests;

/// <summary>A spreadsheet's channel, profile and author kind in the French the web app shows, or in the product's names.</summary>
public sealed class FrenchValuesTests
{
    [Theory]
    [InlineData("atelier", Channel.Workshop)]
    [InlineData("Événement de rue", Channel.StreetEvent)]
    [InlineData("  evenement   DE rue ", Channel.StreetEvent)]
    [InlineData("plateforme en ligne", Channel.Platform)]
    [InlineData("questionnaire", Channel.Survey)]
    [InlineData("workshop", Channel.Workshop)]
    [InlineData("street_event", Channel.StreetEvent)]
    public void A_channel_is_read_in_french_or_by_its_name(string text, Channel expected)
    {
        Assert.True(FrenchValues.TryParse<Channel>(text, out var channel));
        Assert.Equal(expected, channel);
    }

    [Theory]
    [InlineData("association", ParticipantProfile.CommunityOrganisation)]
    [InlineData("Personne concernée", ParticipantProfile.PersonConcerned)]
    [InlineData("travailleuse sociale", ParticipantProfile.SocialWorker)]
    [InlineData("commerce ou entreprise", ParticipantProfile.Business)]
    public void A_profile_is_read_in_french(string text, ParticipantProfile expected)
    {
        Assert.True(FrenchValues.TryParse<ParticipantProfile>(text, out var profile));
        Assert.Equal(expected, profile);
    }

    [Theory]
    [InlineData("marché")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_words_name_no_channel(string? text) => Assert.False(FrenchValues.TryParse<Channel>(text, out _));

    [Fact]
    public void The_words_accepted_are_given_with_their_accents() =>
        Assert.Contains("événement de rue", FrenchValues.Words<Channel>());

    [Fact]
    public void A_csv_with_french_channels_and_profiles_imports_them_as_such()
    {
        var store = TestData.NewStore();
        var path = Path.Combine(TestData.TempDir(), "atelier.csv");
        File.WriteAllText(path, "texte;canal;profil\nIl manque une laverie solidaire dans le quartier.;atelier;association\nUne idée;marché;chercheuse\n");
        var report = new Importer(store, new ImportOptions()).Import(path);
        Assert.Equal(2, report.Imported);
        using var c = store.Connect();
        var rows = Dapper.SqlMapper.Query<(string Channel, string Profile)>(c, "SELECT channel, profile FROM contributions ORDER BY id").ToList();
        Assert.Equal([("workshop", "community_organisation"), ("other", "researcher")], rows);
        var warning = Assert.Single(report.Warnings);
        Assert.StartsWith("'marché' is not a known channel (platform, street_event", warning.Reason);
        Assert.Contains("événement de rue", warning.Reason);
    }
}
