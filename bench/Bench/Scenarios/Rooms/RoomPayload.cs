using System.Diagnostics;
using System.Globalization;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>A post's text: "m" (measured) or "w" (warm-up) and the Stopwatch timestamp it was posted at.</summary>
public static class RoomPayload
{
    public static string Create(bool measured) => (measured ? "m" : "w") + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    /// <summary>False for anything the harness did not post (e.g. JOINED/LEFT announcements, whose text is empty).</summary>
    public static bool TryRead(string text, out bool measured, out long postedAt)
    {
        measured = text.Length > 1 && text[0] == 'm';
        postedAt = 0;
        return text.Length > 1 && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out postedAt);
    }
}
