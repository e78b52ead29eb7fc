using System.Buffers.Binary;

namespace OrleansIm.Bench.References;

/// <summary>
/// A fan-out message: the publisher's Stopwatch timestamp (same process, so subscribers can
/// subtract it) and whether it belongs to the measured phase, padded to the payload size.
/// </summary>
public static class FanOutPayload
{
    public const int HeaderBytes = 9;

    public static byte[] Create(int size, bool measured)
    {
        var payload = new byte[size];
        BinaryPrimitives.WriteInt64LittleEndian(payload, System.Diagnostics.Stopwatch.GetTimestamp());
        payload[8] = measured ? (byte)1 : (byte)0;
        return payload;
    }

    public static long SentTimestamp(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt64LittleEndian(payload);

    public static bool IsMeasured(ReadOnlySpan<byte> payload) => payload[8] == 1;
}
