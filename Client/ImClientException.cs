using Grpc.Core;

namespace OrleansIm.Client;

/// <summary>
/// Every failure the server reports, whether as an RPC status or in-band (SendResult.error),
/// reaches the app as this one type so it can branch on <see cref="StatusCode"/> alone.
/// </summary>
public sealed class ImClientException : Exception
{
    public ImClientException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    public StatusCode StatusCode { get; }

    public override string ToString() => $"{StatusCode}: {base.ToString()}";

    internal static ImClientException FromRpc(RpcException exception)
    {
        var detail = string.IsNullOrEmpty(exception.Status.Detail) ? exception.StatusCode.ToString() : exception.Status.Detail;
        return new ImClientException(exception.StatusCode, detail, exception);
    }

    internal static ImClientException FromError(OrleansIm.Protocol.V1.Error error) =>
        new((StatusCode)error.Code, string.IsNullOrEmpty(error.Message) ? ((StatusCode)error.Code).ToString() : error.Message);
}
