using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Protocol.V1;
using RoomMessageClass = OrleansIm.Grains.Interfaces.Rooms.RoomMessageClass;

namespace OrleansIm.Gateway.Rooms;

/// <summary>Grain records to rooms.proto messages and back; the class enums share their numbers.</summary>
internal static class RoomProtoMapper
{
    public static RoomMessage ToProto(RoomMessageRecord m) => new()
    {
        Seq = m.Seq,
        SenderId = m.SenderId,
        Class = (Protocol.V1.RoomMessageClass)(int)m.Class,
        Text = m.Text,
        SentAtMs = m.SentAtMs,
        Kind = (Protocol.V1.RoomMessageKind)(int)m.Kind,
    };

    public static RoomInfo ToProto(RoomInfoRecord info)
    {
        var proto = new RoomInfo
        {
            RoomId = info.RoomId,
            Title = info.Title,
            OwnerId = info.OwnerId,
            MaxMessagesPerSecond = info.MaxMessagesPerSecond,
            Muted = info.Muted,
        };
        proto.ModeratorIds.AddRange(info.ModeratorIds);
        return proto;
    }

    /// <summary>UNSPECIFIED means chat; other values keep their number (the grain refuses what clients may not post).</summary>
    public static RoomMessageClass ToClass(Protocol.V1.RoomMessageClass value) =>
        value == Protocol.V1.RoomMessageClass.Unspecified ? RoomMessageClass.Chat : (RoomMessageClass)(int)value;
}
