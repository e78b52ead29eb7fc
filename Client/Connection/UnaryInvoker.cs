using Grpc.Core;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Client.Connection;

/// <summary>
/// Every unary call goes through here: the bearer token, the request deadline, the endpoint the
/// stream currently uses, and one mapping of failures to <see cref="ImClientException"/>.
/// An idempotent call refused with UNAVAILABLE (a silo died and the cluster has not moved its
/// grains yet) is retried with backoff until the request deadline.
/// </summary>
internal sealed class UnaryInvoker(ImClientOptions options, ChannelCache channels, EndpointRotation endpoints)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <param name="idempotent">False for calls that must not run twice (creating a group): they fail on the first UNAVAILABLE.</param>
    public async Task<TResponse> CallAsync<TResponse>(
        Func<ChatService.ChatServiceClient, CallOptions, AsyncUnaryCall<TResponse>> call,
        CancellationToken cancellationToken,
        bool idempotent = true)
    {
        var headers = await AuthMetadata.CreateAsync(options.TokenProvider!, cancellationToken).ConfigureAwait(false);
        // gRPC compares deadlines with the wall clock, so this one ignores the injected TimeProvider.
        var deadline = DateTime.UtcNow + options.RequestTimeout;
        var delay = FirstRetryDelay;
        while (true)
        {
            var client = new ChatService.ChatServiceClient(channels.Get(endpoints.Current));
            // Wait-for-ready: while the channel reconnects (server restarting, endpoint switching)
            // a call waits, up to its deadline, instead of failing at once with UNAVAILABLE.
            var callOptions = new CallOptions(headers, deadline, cancellationToken).WithWaitForReady();
            try
            {
                return await call(client, callOptions).ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The call was cancelled.", e, cancellationToken);
            }
            catch (RpcException e) when (idempotent && e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow + delay < deadline)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
            catch (RpcException e)
            {
                throw ImClientException.FromRpc(e);
            }
        }
    }
}
