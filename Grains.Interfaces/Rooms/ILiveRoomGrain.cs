using OrleansIm.Grains.Interfaces.Security;
namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// One live room (key: room id). Its members are gateways, not viewers: a gateway subscribes
/// once for all its local viewers and reports how many it has; nothing is stored per viewer.
/// Refusals are <see cref="Errors.ImException"/>s.
/// </summary>
[Alias("OrleansIm.ILiveRoomGrain")]
public interface ILiveRoomGrain : IGrainWithStringKey
{
    [ActsFor("command.OwnerId", RefusedWhenBanned = true)]
    [Alias("Create")]
    Task<RoomInfoRecord> Create(CreateRoomCommand command);

    [ActsFor("callerId")]
    [Alias("Close")]
    Task Close(string callerId);

    [Alias("GetInfo")]
    Task<RoomInfoRecord> GetInfo();

    /// <summary>
    /// Subscribes (or refreshes) a gateway. <paramref name="generation"/> orders a gateway's
    /// subscribe and unsubscribe calls, which may overtake each other.
    /// </summary>
    [Alias("Subscribe")]
    Task<RoomSnapshot> Subscribe(string gatewayId, IRoomGatewayObserver observer, long generation, int localViewers);

    /// <summary>Keeps a subscription alive and updates the gateway's viewer count; re-subscribes a gateway the room forgot.</summary>
    [Alias("Refresh")]
    Task Refresh(string gatewayId, IRoomGatewayObserver observer, long generation, int localViewers);

    [Alias("Unsubscribe")]
    Task Unsubscribe(string gatewayId, long generation);

    [ActsFor("senderId", RefusedWhenBanned = true)]
    [Alias("Post")]
    Task<PostOutcome> Post(string senderId, RoomMessageClass messageClass, string text);

    /// <summary>
    /// A gateway's viewers that arrived and left since its last report (one call per gateway per
    /// window at most). Each becomes a JOINED/LEFT message of the lowest class, rate-limited and
    /// shed like likes.
    /// </summary>
    [Alias("AnnounceViewers")]
    Task AnnounceViewers(string[] joined, string[] left);

    /// <summary>Mutes a user for <paramref name="duration"/>; zero lifts the mute.</summary>
    [ActsFor("callerId")]
    [Alias("MuteUser")]
    Task MuteUser(string callerId, string userId, TimeSpan duration);

    [ActsFor("callerId")]
    [Alias("MuteRoom")]
    Task MuteRoom(string callerId, bool muted);

    /// <summary>Ends the user's watches everywhere and refuses them for <paramref name="duration"/> (zero: the default).</summary>
    [ActsFor("callerId")]
    [Alias("RemoveViewer")]
    Task RemoveViewer(string callerId, string userId, TimeSpan duration);

    [Alias("GetStats")]
    Task<RoomStats> GetStats();
}
