using System.Diagnostics;
using System.Globalization;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>A post's text: "m" (measured) or "w" (warm-up) and the Stopwatch timestamp it was posted at.</summary>
public static class RoomPayload
{
    public static string Create(bool measured) => (measured ? "m" : "w") + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture);

    public static bool TryRead(string text, out bool measured, out long postedAt)
    {
        measured = text.Length > 1 && text[0] == 'm';
        return long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out postedAt);
    }
}
