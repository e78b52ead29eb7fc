using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>
/// Every unary call goes through here: the bearer token, the request deadline, the endpoint the
/// stream currently uses, and one mapping of failures to <see cref="ImClientException"/>.
/// </summary>
internal sealed class UnaryInvoker(ImClientOptions options, ChannelCache channels, EndpointRotation endpoints)
{
    public async Task<TResponse> CallAsync<TResponse>(
        Func<ChatService.ChatServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        CancellationToken cancellationToken)
    {
        var headers = await AuthMetadata.CreateAsync(options.TokenProvider!, cancellationToken).ConfigureAwait(false);
        var client = new ChatService.ChatServiceClient(channels.Get(endpoints.Current));

        // gRPC compares deadlines with the wall clock, so this one ignores the injected TimeProvider.
        // Wait-for-ready: while the channel reconnects (server restarting, endpoint switching)
        // a call waits, up to its deadline, instead of failing at once with UNAVAILABLE.
        var callOptions = new CallOptions(headers, DateTime.UtcNow + options.RequestTimeout, cancellationToken).WithWaitForReady();
        try
        {
            return await call(client, callOptions).ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The call was cancelled.", e, cancellationToken);
        }
        catch (RpcException e)
        {
            throw ImClientException.FromRpc(e);
        }
    }
}
