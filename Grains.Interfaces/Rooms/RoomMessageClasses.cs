namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>The one mapping from class to priority tier, shared by the room grain and the gateway.</summary>
public static class RoomMessageClasses
{
    public static RoomPriority Priority(this RoomMessageClass messageClass) => messageClass switch
    {
        RoomMessageClass.System or RoomMessageClass.Gift => RoomPriority.High,
        RoomMessageClass.Chat => RoomPriority.Normal,
        _ => RoomPriority.Low,
    };

    /// <summary>Kept in the late-joiner ring: a newcomer wants the conversation, not old likes.</summary>
    public static bool KeptForLateJoiners(this RoomMessageClass messageClass) => messageClass.Priority() != RoomPriority.Low;

    /// <summary>Clients post these; System is written by the room itself.</summary>
    public static bool PostableByClients(this RoomMessageClass messageClass) =>
        messageClass is RoomMessageClass.Gift or RoomMessageClass.Chat or RoomMessageClass.Like;
}
