using System.Diagnostics;
using Synthesis.Nlp.French;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.French;

public sealed class LanguageDetectorFixture
{
    public LanguageDetector Detector { get; } = LanguageDetector.Create();
}

public class LanguageDetectorTests(LanguageDetectorFixture fixture, ITestOutputHelper output) : IClassFixture<LanguageDetectorFixture>
{
    [Theory]
    [InlineData("Il faudrait plus de logements sociaux dans le quartier et des loyers moins chers.", "fr")]
    [InlineData("We need more affordable housing and better public transport in our neighbourhood.", "en")]
    [InlineData("Necesitamos más viviendas asequibles y mejor transporte público en el barrio.", "es")]
    [InlineData("Wir brauchen mehr bezahlbaren Wohnraum und einen besseren Nahverkehr in unserem Viertel.", "de")]
    [InlineData("Abbiamo bisogno di più alloggi a prezzi accessibili e di trasporti pubblici migliori.", "it")]
    [InlineData("Precisamos de mais habitação a preços acessíveis e de melhores transportes públicos.", "pt")]
    [InlineData("نحن بحاجة إلى المزيد من المساكن بأسعار معقولة ووسائل نقل عام أفضل في حينا", "ar")]
    [InlineData("We hebben meer betaalbare woningen en beter openbaar vervoer nodig in onze wijk.", "nl")]
    public void Detects_each_language_of_the_list(string text, string code)
    {
        var (detected, confidence) = fixture.Detector.Detect(text);
        output.WriteLine($"{code}: {detected} {confidence:F3}");
        Assert.Equal(code, detected);
        Assert.InRange(confidence, 0.0, 1.0);
    }

    [Theory]
    [InlineData("Oui.")]
    [InlineData("Non")]
    [InlineData("OK")]
    [InlineData("Merci !")]
    [InlineData("Super idée")]
    [InlineData("RSA")]
    [InlineData("")]
    [InlineData("!!! 123")]
    public void Short_or_unsure_texts_default_to_french(string text)
    {
        var (code, _) = fixture.Detector.Detect(text);
        Assert.Equal("fr", code);
    }

    [Theory]
    // French texts with few function words or with foreign names: the screen may hesitate, the full models must not
    [InlineData("Vélos partagés, pistes cyclables sécurisées, parkings relais")]
    [InlineData("Festival Hip Hop Nantes Nord : ateliers slam, danse, graffiti")]
    [InlineData("Covoiturage solidaire zones rurales")]
    public void French_with_few_function_words_stays_french(string text)
    {
        var (code, confidence) = fixture.Detector.Detect(text);
        output.WriteLine($"{code} {confidence:F3}");
        Assert.Equal("fr", code);
    }
}
