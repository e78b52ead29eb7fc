using Orleans.Concurrency;

namespace OrleansIm.Grains.Interfaces.Bans;

/// <param name="UntilMs">When the ban ends (Unix ms); 0 for a ban without end.</param>
/// <param name="ByUserId">The admin or service that imposed it.</param>
[GenerateSerializer, Immutable, Alias("OrleansIm.BanRecord")]
public sealed record BanRecord(
    [property: Id(0)] string UserId,
    [property: Id(1)] long UntilMs,
    [property: Id(2)] string Reason,
    [property: Id(3)] string ByUserId,
    [property: Id(4)] long AtMs)
{
    public bool IsActive(long nowMs) => UntilMs == 0 || nowMs < UntilMs;

    /// <summary>What the banned user is told: who is banned, and until when.</summary>
    public string Describe() => UntilMs == 0
        ? $"'{UserId}' is banned."
        : $"'{UserId}' is banned until {DateTimeOffset.FromUnixTimeMilliseconds(UntilMs):u}.";
}
