using Grpc.Core;

namespace OrleansIm.Client.Connection;

/// <summary>Why a stream ended, and what that means for the next connect.</summary>
/// <param name="ReconnectAfter">Set by GoAway or a rate-limited sync pull: the server asked for this delay instead of backoff.</param>
internal sealed record SessionEnd(string Reason, StatusCode? Status = null, TimeSpan? ReconnectAfter = null);
