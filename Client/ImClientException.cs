using Grpc.Core;

namespace OrleansIm.Client;

/// <summary>
/// Every failure the server reports, whether as an RPC status or in-band (SendResult.error),
/// reaches the app as this one type so it can branch on <see cref="StatusCode"/> alone.
/// </summary>
public sealed class ImClientException : Exception
{
    /// <summary>The trailer (unary calls) that carries the server's retry hint, in milliseconds.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public ImClientException(StatusCode statusCode, string message, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public StatusCode StatusCode { get; }

    /// <summary>
    /// Set when the server refused with RESOURCE_EXHAUSTED and said when to try again (a
    /// gateway rate limit, a room's post rate, a full gateway): nothing was done, and the same
    /// call may be repeated after this delay.
    /// </summary>
    public TimeSpan? RetryAfter { get; }

    public override string ToString() => $"{StatusCode}: {base.ToString()}";

    internal static ImClientException FromRpc(RpcException exception)
    {
        var detail = string.IsNullOrEmpty(exception.Status.Detail) ? exception.StatusCode.ToString() : exception.Status.Detail;
        return new ImClientException(exception.StatusCode, detail, exception, RetryAfterOf(exception.Trailers));
    }

    internal static ImClientException FromError(OrleansIm.Protocol.V1.Error error) =>
        new((StatusCode)error.Code, string.IsNullOrEmpty(error.Message) ? ((StatusCode)error.Code).ToString() : error.Message, retryAfter: RetryAfterOf(error));

    internal static TimeSpan? RetryAfterOf(OrleansIm.Protocol.V1.Error error) =>
        error.RetryAfterMs > 0 ? TimeSpan.FromMilliseconds(error.RetryAfterMs) : null;

    private static TimeSpan? RetryAfterOf(Metadata trailers) =>
        trailers?.GetValue(RetryAfterTrailer) is { } text
        && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms)
        && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : null;
}
