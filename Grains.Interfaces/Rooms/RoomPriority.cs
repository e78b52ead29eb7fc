namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>What shedding looks at: several classes share a tier, and a higher tier is never shed before a lower one.</summary>
public enum RoomPriority
{
    /// <summary>Likes (and reactions): shed first, not kept for late joiners.</summary>
    Low = 0,

    /// <summary>Chat: shed only when no low-tier message is left to shed.</summary>
    Normal = 1,

    /// <summary>System notices and gifts: never shed while the viewer's connection lives.</summary>
    High = 2,
}
