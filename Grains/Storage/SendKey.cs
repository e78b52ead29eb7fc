namespace OrleansIm.Grains.Storage;

public sealed record SendKey(string SenderId, string ClientMessageId, long Seq, long SentAtMs);
