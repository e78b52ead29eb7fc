namespace OrleansIm.Grains.Interfaces.Rooms;

/// <summary>
/// A post's answer. Shedding is the normal way a live room copes with load, so it is an answer,
/// not an exception: <see cref="Seq"/> is 0 and <see cref="RetryAfterMs"/> says when that class
/// would be accepted again.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansIm.PostOutcome")]
public sealed record PostOutcome(
    [property: Id(0)] long Seq,
    [property: Id(1)] int RetryAfterMs)
{
    public bool Accepted => Seq > 0;
}
