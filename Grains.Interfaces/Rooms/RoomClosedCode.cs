namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>Why a watch ended, numbered as rooms.proto's RoomClosedCode.</summary>
[GenerateSerializer, Alias("OrleansIm.RoomClosedCode")]
public enum RoomClosedCode
{
    Removed = 1,
    TooSlow = 2,
    RoomClosed = 3,
    GatewayDraining = 4,
    TokenExpired = 5,
}
