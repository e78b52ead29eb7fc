using System.Diagnostics.Metrics;
using OrleansIm.Grains.Interfaces.Rooms;

namespace OrleansIm.Grains.Telemetry;

/// <summary>Live rooms' admission (meter "OrleansIm.Rooms"): messages a room grain accepted and shed, by class.</summary>
public static class RoomMetrics
{
    public const string MeterName = "OrleansIm.Rooms";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("orleansim.room.messages", "{message}",
        "Room messages accepted by their room grain (posts, joins and leaves), by class.");

    private static readonly Counter<long> Shed = Meter.CreateCounter<long>("orleansim.room.shed", "{message}",
        "Room messages shed by their room grain over the room's rate (lowest class first), by class.");

    private static readonly KeyValuePair<string, object?>[] Classes =
    [
        new("class", "system"),
        new("class", "gift"),
        new("class", "chat"),
        new("class", "like"),
    ];

    internal static void MessageAccepted(RoomMessageClass messageClass) => Accepted.Add(1, ClassTag(messageClass));

    internal static void MessageShed(RoomMessageClass messageClass) => Shed.Add(1, ClassTag(messageClass));

    /// <summary>Makes every class's series exist at zero (see GatewayMetrics.Prime).</summary>
    public static void Prime()
    {
        foreach (var tag in Classes)
        {
            Accepted.Add(0, tag);
            Shed.Add(0, tag);
        }
    }

    private static KeyValuePair<string, object?> ClassTag(RoomMessageClass messageClass) =>
        messageClass is >= RoomMessageClass.System and <= RoomMessageClass.Like ? Classes[(int)messageClass - 1] : new("class", "other");
}
