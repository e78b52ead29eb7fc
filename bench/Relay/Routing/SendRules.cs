using System.Text;
using Grpc.Core;
using OrleansIm.Bench.Relay.Hosting;
using OrleansIm.Bench.Relay.Identity;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Bench.Relay.Routing;

/// <summary>The syntax checks the node makes on every send, so the relay does the same per-message work and refuses the same input.</summary>
internal static class SendRules
{
    public static void Check(SendRequest request)
    {
        RelayIds.Require(request.ClientMessageId, "client_message_id");
        var valid = request.Body?.KindCase switch
        {
            MessageBody.KindOneofCase.Text => request.Body.Text.Text.Length > 0 && Encoding.UTF8.GetByteCount(request.Body.Text.Text) <= RelayLimits.MaxBodyBytes,
            MessageBody.KindOneofCase.Custom => request.Body.Custom.Type.Length is > 0 and <= 64 && request.Body.Custom.Data.Length <= RelayLimits.MaxBodyBytes,
            _ => false,
        };
        if (!valid)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"body must be text (1-{RelayLimits.MaxBodyBytes} bytes) or custom (type 1-64 chars, data up to {RelayLimits.MaxBodyBytes} bytes)."));
        }
    }
}
