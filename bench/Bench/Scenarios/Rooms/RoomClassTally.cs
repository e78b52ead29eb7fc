using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Scenarios.Rooms;

/// <summary>Thread-safe counts per room message class (gift, chat, like).</summary>
public sealed class RoomClassTally
{
    private readonly long[] _counts = new long[5];

    public void Add(RoomMessageClass messageClass, long count = 1) => Interlocked.Add(ref _counts[(int)messageClass], count);

    public long this[RoomMessageClass messageClass] => Interlocked.Read(ref _counts[(int)messageClass]);
}
