using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>What a <see cref="StreamSession"/> does with the frames it reads.</summary>
internal interface IStreamFrameHandler
{
    /// <summary>Runs first on the ordered loop, before any ordered frame.</summary>
    ValueTask OnStartedAsync(StreamSession session, CancellationToken cancellationToken);

    /// <summary>
    /// Events, sync pages and ResyncRequired, one at a time in arrival order: everything whose
    /// handling depends on what came before it.
    /// </summary>
    ValueTask OnOrderedAsync(StreamSession session, ServerFrame frame, CancellationToken cancellationToken);

    /// <summary>Send results, typing, presence, pongs: handled on the reading loop at once, never blocking it.</summary>
    void OnSignal(ServerFrame frame);
}
