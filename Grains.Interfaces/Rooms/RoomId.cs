using OrleansIm.Grains.Interfaces.Ids;

namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>Room ids follow the user id rules: 1-64 characters of [A-Za-z0-9_.-].</summary>
public static class RoomId
{
    public static string Require(string? value, string field = "room_id") => UserId.Require(value, field);

    public static string New() => "r-" + Guid.NewGuid().ToString("N")[..16];
}
