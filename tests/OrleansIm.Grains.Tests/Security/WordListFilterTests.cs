using OrleansIm.Grains.ContentSafety;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.Tests.Security;

public sealed class WordListFilterTests
{
    private static WordListFilter Masking(params string[] words) =>
        new(Microsoft.Extensions.Options.Options.Create(new ContentSafetyOptions { Words = words, Mode = WordListMode.Mask }));

    [Theory]
    [InlineData("ass", "an ASS!", "an ***!")]
    [InlineData("ass", "class passage assets", "class passage assets")]
    [InlineData("ass", "ass_hat x_ass ass9", "ass_hat x_ass ass9")]
    [InlineData("straße", "STRASSE Straße.", "STRASSE ******.")]
    [InlineData("bad word", "a Bad  word, a bad word", "a Bad  word, a ********")]
    [InlineData("café", "cafés café", "cafés ****")]
    public void Whole_words_match_case_insensitively(string word, string text, string masked) =>
        Assert.Equal(masked, Masking(word).Filter(text, ContentOrigin.Message, "u"));

    [Fact]
    public void A_phrase_wins_over_a_word_it_starts_with() =>
        Assert.Equal("******** and ***", Masking("bad", "bad word").Filter("bad word and bad", ContentOrigin.Message, "u"));

    [Fact]
    public void Reject_mode_names_the_position_not_the_text()
    {
        var filter = new WordListFilter(Microsoft.Extensions.Options.Options.Create(new ContentSafetyOptions { Words = ["nope"] }));
        var refusal = Assert.Throws<ImException>(() => filter.Filter("private words then NOPE", ContentOrigin.Edit, "u"));
        Assert.Equal(ImErrorCode.InvalidArgument, refusal.Code);
        Assert.Contains("character 20", refusal.Message);
        Assert.DoesNotContain("private", refusal.Message);
    }

    [Theory]
    [InlineData(new[] { " " }, WordListMode.Reject, "Words:0")]
    [InlineData(new[] { "ok" }, (WordListMode)9, "Mode")]
    public void Bad_settings_are_named(string[] words, WordListMode mode, string key)
    {
        var error = Assert.Throws<InvalidOperationException>(new ContentSafetyOptions { Words = words, Mode = mode }.Validate);
        Assert.Contains($"{ContentSafetyOptions.SectionName}:{key}", error.Message);
    }
}
