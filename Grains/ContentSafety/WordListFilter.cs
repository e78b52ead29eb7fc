using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Grains.ContentSafety;

/// <summary>
/// Rejects or masks listed words. A word matches case-insensitively (invariant culture) where it
/// is not part of a longer word: the characters just before and after it are not letters, digits,
/// marks or '_' (so "ass" matches in "ass!" and "an ass" but not in "class" or "passage").
/// </summary>
public sealed class WordListFilter : IMessageContentFilter
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);
    private readonly Regex _words;
    private readonly WordListMode _mode;

    public WordListFilter(IOptions<ContentSafetyOptions> options)
    {
        var o = options.Value;
        _mode = o.Mode;
        // Longest first, so a phrase wins over a word it starts with.
        var alternatives = o.Words.Select(w => w.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length).Select(Regex.Escape);
        _words = new Regex(
            $@"(?<![\p{{L}}\p{{N}}\p{{M}}_])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}\p{{M}}_])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
            MatchTimeout);
    }

    public string Filter(string text, ContentOrigin origin, string senderId)
    {
        if (_mode == WordListMode.Mask)
        {
            return _words.Replace(text, m => new string('*', m.Length));
        }
        var match = _words.Match(text);
        if (match.Success)
        {
            throw ImException.InvalidArgument($"The text contains a blocked word (at character {match.Index + 1}); it was not stored.");
        }
        return text;
    }
}
