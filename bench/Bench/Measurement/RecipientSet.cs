namespace OrleansIm.Bench.Measurement;

/// <summary>
/// The recipients of one route, each with a fixed index: up to 64 of them fit a message's
/// received bits in its <see cref="LedgerSlot"/>; a wider route (a large group's online members)
/// keeps them in a set per message instead.
/// </summary>
internal sealed class RecipientSet
{
    private const int Narrow = 64;
    private readonly string[] _recipients;
    private readonly Dictionary<string, int>? _indexes;

    public RecipientSet(string[] recipients)
    {
        _recipients = recipients;
        if (recipients.Length > 8)
        {
            _indexes = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < recipients.Length; i++)
            {
                _indexes.TryAdd(recipients[i], i);
            }
        }
    }

    public int Count => _recipients.Length;

    public bool IsWide => _recipients.Length > Narrow;

    /// <summary>The recipient's index, or -1 when the route does not include them.</summary>
    public int IndexOf(string recipient) =>
        _indexes is not null
            ? _indexes.GetValueOrDefault(recipient, -1)
            : Array.IndexOf(_recipients, recipient);
}
