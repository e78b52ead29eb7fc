namespace OrleansIm.Grains.Rooms;

/// <summary>
/// The persisted part of a room: who owns and moderates it and the sanctions in force. Viewers,
/// gateways, the ring and the rate bucket are memory only; a room that moves to another silo
/// relearns its gateways from their next refresh.
/// </summary>
[GenerateSerializer, Alias("OrleansIm.LiveRoomState")]
public sealed class LiveRoomState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public string OwnerId { get; set; } = "";
    [Id(3)] public List<string> ModeratorIds { get; set; } = [];
    [Id(4)] public int MaxMessagesPerSecond { get; set; }
    [Id(5)] public bool Muted { get; set; }
    [Id(6)] public Dictionary<string, long> MutedUntilMs { get; set; } = new(StringComparer.Ordinal);
    [Id(7)] public Dictionary<string, long> RemovedUntilMs { get; set; } = new(StringComparer.Ordinal);
}
