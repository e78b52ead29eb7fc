using Grpc.Core;
using OrleansIm.Grains.Interfaces.Errors;

namespace OrleansIm.Gateway.Errors;

/// <summary>One place that decides which gRPC status a failure becomes.</summary>
internal static class StatusMapping
{
    public static Status ToStatus(Exception exception) => ParseFailure(exception) is { } parse
        ? new Status(StatusCode.InvalidArgument, $"A frame is not a valid protobuf message: {parse.Message}")
        : WrappedImException(exception) is { } wrapped
            ? new Status((StatusCode)(int)wrapped.Code, wrapped.Message)
            : exception switch
    {
        ImException im => new Status((StatusCode)(int)im.Code, im.Message),
        RpcException rpc => rpc.Status,
        OperationCanceledException => new Status(StatusCode.Cancelled, "The call was cancelled."),
        TimeoutException => new Status(StatusCode.Unavailable, "The cluster did not answer in time; retry."),
        Orleans.Runtime.SiloUnavailableException => new Status(StatusCode.Unavailable, "A silo became unavailable; retry."),
        // The target silo died or is shutting down; its grains reactivate elsewhere once the
        // cluster notices, so the same call succeeds when retried.
        Orleans.Runtime.OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException =>
            new Status(StatusCode.Unavailable, "The cluster could not deliver the call (a silo is unavailable); retry."),
        _ => new Status(StatusCode.Internal, "Internal error."),
    };

    /// <summary>
    /// Orleans wraps what fails an activation (e.g. a grain-state read refused while its store is
    /// down) in its own exception; the grain's answer inside is what the client should see.
    /// </summary>
    private static ImException? WrappedImException(Exception exception)
    {
        if (exception is not Orleans.Runtime.OrleansException)
        {
            return null;
        }
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is ImException im)
            {
                return im;
            }
        }
        return null;
    }

    /// <summary>A frame of a client stream that did not parse; the reader may wrap it.</summary>
    private static Google.Protobuf.InvalidProtocolBufferException? ParseFailure(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Google.Protobuf.InvalidProtocolBufferException parse)
            {
                return parse;
            }
        }
        return null;
    }
}
