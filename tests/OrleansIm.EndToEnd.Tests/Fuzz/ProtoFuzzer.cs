using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace OrleansIm.EndToEnd.Tests.Fuzz;

/// <summary>
/// Builds request bytes for the fuzz suite from the contract's own descriptors: structurally
/// valid messages with hostile values (extreme and negative numbers, unknown enum values, odd
/// strings, long repeated fields), and byte-level damage on top (flips, truncation, splices,
/// invalid UTF-8 where a string belongs, random bytes). Seeded, so a failure can be replayed.
/// </summary>
internal sealed class ProtoFuzzer(int seed, IReadOnlyList<string> knownIds)
{
    private static readonly long[] Extremes = [0, 1, -1, 2, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 53];

    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    /// <summary>One input for a method whose request is <paramref name="type"/>, and what was done to it.</summary>
    public (byte[] Bytes, string Kind) Next(MessageDescriptor type)
    {
        var message = Build(type, depth: 0);
        var bytes = message.ToByteArray();
        return _random.Next(10) switch
        {
            < 5 => (bytes, "structured"),
            5 => (Flip(bytes), "bit flips"),
            6 => (bytes.Length > 1 ? bytes[.._random.Next(bytes.Length)] : [0xFF], "truncated"),
            7 => (Splice(bytes), "random bytes spliced in"),
            8 => (InvalidUtf8(type, bytes), "invalid UTF-8 in a string field"),
            _ => (RandomBytes(_random.Next(1, 64)), "random bytes"),
        };
    }

    public IMessage Build(MessageDescriptor type, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            if (_random.Next(4) == 0 || (field.RealContainingOneof is { } oneof && _random.Next(oneof.Fields.Count) != 0))
            {
                continue;
            }
            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)field.Accessor.GetValue(message);
                var count = _random.Next(8) == 0 ? _random.Next(1_000, 5_000) : _random.Next(0, 4);
                for (var i = 0; i < count && !field.IsMap; i++)
                {
                    if (Value(field, depth) is { } value)
                    {
                        list.Add(value);
                    }
                }
                continue;
            }
            if (Value(field, depth) is { } single)
            {
                field.Accessor.SetValue(message, single);
            }
        }
        return message;
    }

    private object? Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text(),
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes(_random.Next(0, _random.Next(8) == 0 ? 70_000 : 64))),
        FieldType.Bool => _random.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Number(),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)Number(),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Number(),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Number(),
        FieldType.Double => _random.NextDouble() * Number(),
        FieldType.Float => (float)(_random.NextDouble() * Number()),
        // Unknown values on purpose, half the time.
        FieldType.Enum => _random.Next(2) == 0 ? (int)Number() : field.EnumType.Values[_random.Next(field.EnumType.Values.Count)].Number,
        FieldType.Message when depth < 3 => Build(field.MessageType, depth + 1),
        _ => null,
    };

    private long Number() => _random.Next(3) == 0 ? _random.NextInt64(-1_000, 1_000) : Extremes[_random.Next(Extremes.Length)];

    private string Text() => _random.Next(9) switch
    {
        0 => "",
        1 => "   ",
        2 => new string('x', _random.Next(1, 3) == 1 ? 300 : 70_000),
        3 => "\u0000\u0001\u001f control",
        4 => "\ud83d\ude00 emoji \u202e rtl",
        5 => "../../etc/passwd",
        6 => "' OR 1=1; --",
        7 => knownIds.Count > 0 ? knownIds[_random.Next(knownIds.Count)] : "dm:a:b",
        _ => Convert.ToHexString(RandomBytes(_random.Next(1, 20))),
    };

    private byte[] Flip(byte[] bytes)
    {
        var copy = bytes.Length == 0 ? RandomBytes(4) : (byte[])bytes.Clone();
        for (var i = 0; i < 1 + _random.Next(4); i++)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }
        return copy;
    }

    private byte[] Splice(byte[] bytes)
    {
        var at = _random.Next(bytes.Length + 1);
        return [.. bytes[..at], .. RandomBytes(_random.Next(1, 16)), .. bytes[at..]];
    }

    /// <summary>A string field encoded by hand with bytes that are not UTF-8, appended to a valid message.</summary>
    private byte[] InvalidUtf8(MessageDescriptor type, byte[] bytes)
    {
        var strings = type.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.String).ToList();
        if (strings.Count == 0)
        {
            return Splice(bytes);
        }
        var field = strings[_random.Next(strings.Count)];
        byte[] invalid = [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80];
        var tag = (uint)(field.FieldNumber << 3 | 2);
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(tag);
        // Same wire shape as a string: length-delimited.
        output.WriteBytes(ByteString.CopyFrom(invalid));
        output.Flush();
        return [.. bytes, .. extra.ToArray()];
    }

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    public static string Describe(byte[] bytes) => bytes.Length <= 32 ? Convert.ToHexString(bytes) : $"{Convert.ToHexString(bytes[..32])}... ({bytes.Length} bytes)";
}
