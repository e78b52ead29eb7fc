using OrleansIm.Protocol.V1;

namespace OrleansIm.Streaming;

/// <summary>A frame waiting in an outbound queue, with the bytes it counts against the queue's byte bound until it is written.</summary>
internal readonly record struct QueuedFrame(ServerFrame Frame, int Bytes);
