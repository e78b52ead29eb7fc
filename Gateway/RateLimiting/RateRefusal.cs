using System.Globalization;
using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.RateLimiting;

/// <summary>Why a request was refused and when to try again, in both shapes a client can receive: a call status or an in-band error.</summary>
public sealed record RateRefusal(RateCategory Category, bool PerUser, TimeSpan RetryAfter)
{
    /// <summary>The trailer rooms already use for their own rate limit; one name for clients to read.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    /// <summary>Whole milliseconds, rounded up and at least 1, so a client that waits exactly this long finds a token.</summary>
    public int RetryAfterMs => (int)Math.Clamp(Math.Ceiling(RetryAfter.TotalMilliseconds), 1, int.MaxValue);

    public string Message =>
        $"Too many {Noun} {(PerUser ? "from this user" : "on this stream")} at this gateway; nothing was done, retry after {RetryAfterMs} ms.";

    public RpcException ToRpcException() => new(
        new Status(StatusCode.ResourceExhausted, Message),
        new Metadata { { RetryAfterTrailer, RetryAfterMs.ToString(CultureInfo.InvariantCulture) } });

    public Error ToError() => new() { Code = (int)StatusCode.ResourceExhausted, Message = Message, RetryAfterMs = RetryAfterMs };

    private string Noun => Category switch
    {
        RateCategory.Send => "sends",
        RateCategory.Join => "joins",
        _ => "queries",
    };
}
