using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.ContentSafety;

/// <summary>Runs every registered <see cref="IMessageContentFilter"/> in order; with none registered it changes nothing.</summary>
public sealed class ContentFilterChain(IEnumerable<IMessageContentFilter> filters)
{
    private readonly IMessageContentFilter[] _filters = [.. filters];

    public string Apply(string text, ContentOrigin origin, string senderId)
    {
        foreach (var filter in _filters)
        {
            text = filter.Filter(text, origin, senderId);
        }
        return text;
    }

    /// <summary>The body to store: text bodies filtered, others (custom payloads the platform does not interpret) as they are.</summary>
    public MessageBody Apply(MessageBody body, ContentOrigin origin, string senderId) =>
        _filters.Length > 0 && body is TextBody text ? text with { Text = Apply(text.Text, origin, senderId) } : body;
}
