using OrleansIm.Grains.Interfaces.Messages;

namespace OrleansIm.Grains.Storage;

/// <summary>The new current state of an earlier message after an edit (new body) or a recall (no body, recalled).</summary>
public sealed record MessageUpdate(long TargetSeq, MessageBody? NewBody, long EditedAtMs, bool Recalled);
