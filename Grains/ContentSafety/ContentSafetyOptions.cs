namespace OrleansIm.Grains.ContentSafety;

/// <summary>The shipped word-list filter (<c>OrleansIm:ContentSafety</c>); with no words it is not registered.</summary>
public sealed class ContentSafetyOptions
{
    public const string SectionName = "OrleansIm:ContentSafety";

    public const int MaxWords = 10_000;
    public const int MaxWordLength = 100;

    /// <summary>Words (or phrases) to act on, matched case-insensitively as whole words.</summary>
    public string[] Words { get; set; } = [];

    public WordListMode Mode { get; set; } = WordListMode.Reject;

    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(Mode)} must be Reject or Mask (was {Mode}).");
        }
        if (Words.Length > MaxWords)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(Words)} may list at most {MaxWords} words (has {Words.Length}).");
        }
        for (var i = 0; i < Words.Length; i++)
        {
            var word = Words[i]?.Trim() ?? "";
            if (word.Length == 0 || word.Length > MaxWordLength)
            {
                throw new InvalidOperationException($"{SectionName}:{nameof(Words)}:{i} must be 1-{MaxWordLength} characters, not blank.");
            }
        }
    }
}
