using OrleansIm.Grains.Interfaces.Rooms;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Rooms;

/// <summary>Messages shed for one viewer, by tier (the high tier is never shed). Guarded by the viewer's lock.</summary>
internal sealed class ViewerShedCounts
{
    public long Chat { get; private set; }

    public long Like { get; private set; }

    public bool Any => Chat + Like > 0;

    public void Add(RoomPriority tier, int count)
    {
        if (tier == RoomPriority.Normal) Chat += count; else Like += count;
    }

    /// <summary>The counts as a frame reports them, then zero again.</summary>
    public RoomShedCounts TakeProto()
    {
        var counts = new RoomShedCounts { Chat = Chat, Like = Like };
        Chat = 0;
        Like = 0;
        return counts;
    }
}
