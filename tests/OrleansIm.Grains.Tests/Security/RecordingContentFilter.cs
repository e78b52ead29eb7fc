using System.Collections.Concurrent;
using OrleansIm.Grains.ContentSafety;

namespace OrleansIm.Grains.Tests.Security;

/// <summary>The last filter of the test chain: remembers the text it was handed, so tests see what earlier filters made of it.</summary>
public sealed class RecordingContentFilter : IMessageContentFilter
{
    public ConcurrentQueue<(string Text, ContentOrigin Origin)> Seen { get; } = new();

    public string Filter(string text, ContentOrigin origin, string senderId)
    {
        Seen.Enqueue((text, origin));
        return text;
    }
}
