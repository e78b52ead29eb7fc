using OrleansIm.Grains.Interfaces.Conversations;

namespace OrleansIm.Grains.Conversations;

[GenerateSerializer, Alias("OrleansIm.MemberState")]
public sealed class MemberState
{
    [Id(0)] public MemberRole Role { get; set; }
    [Id(1)] public long JoinedAtMs { get; set; }

    /// <summary>The first seq the member may see: history before it belongs to a time they were not in the group.</summary>
    [Id(2)] public long JoinedSeq { get; set; }

    /// <summary>Muted by an admin: may read, may not send.</summary>
    [Id(3)] public bool Muted { get; set; }
}
