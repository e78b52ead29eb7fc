using Grpc.Core;
using OrleansIm.Gateway.GrainAccess;
using OrleansIm.Gateway.Mapping;
using OrleansIm.Grains.Interfaces.Bans;
using OrleansIm.Grains.Interfaces.Conversations;
using OrleansIm.Grains.Interfaces.Ids;
using OrleansIm.Grains.Interfaces.Security;
using OrleansIm.Protocol.V1;

namespace OrleansIm.Gateway.Services;

/// <summary>
/// The operators' API (proto/im/v1/admin.proto). Refused here unless the auth interceptor marked
/// the caller an admin or a service; the silo's grain boundary check enforces the same again.
/// </summary>
internal sealed class AdminGrpcService(IGrainFactory grains, GrainReferences references) : AdminService.AdminServiceBase
{
    private IPlatformBansGrain Bans => grains.GetGrain<IPlatformBansGrain>(IPlatformBansGrain.Key);

    public override async Task<Protocol.V1.Conversation> CreateGroup(AdminCreateGroupRequest request, ServerCallContext context)
    {
        RequirePrivileged();
        var owner = UserId.Require(request.OwnerId, "owner_id");
        var grain = grains.GetGrain<IConversationGrain>(ConversationId.NewGroup());
        return ProtoMapper.ToProto(await grain.CreateGroup(owner, request.Name, [.. request.MemberIds]));
    }

    public override async Task<SendAck> PostSystemMessage(PostSystemMessageRequest request, ServerCallContext context)
    {
        RequirePrivileged();
        var conversation = references.Conversation(ConversationId.Require(request.ConversationId));
        return ProtoMapper.ToProto(await conversation.PostSystemMessage(UserId.Require(request.ClientMessageId, "client_message_id"), request.Text));
    }

    public override async Task<BanEntry> BanUser(BanUserRequest request, ServerCallContext context)
    {
        RequirePrivileged();
        return AdminProtoMapper.ToProto(await Bans.Ban(UserId.Require(request.UserId, "user_id"), request.UntilMs, request.Reason));
    }

    public override async Task<UnbanUserResponse> UnbanUser(UnbanUserRequest request, ServerCallContext context)
    {
        RequirePrivileged();
        return new UnbanUserResponse { WasBanned = await Bans.Unban(UserId.Require(request.UserId, "user_id")) };
    }

    public override async Task<ListBansResponse> ListBans(ListBansRequest request, ServerCallContext context)
    {
        RequirePrivileged();
        var response = new ListBansResponse();
        response.Bans.AddRange((await Bans.List()).Select(AdminProtoMapper.ToProto));
        return response;
    }

    private static void RequirePrivileged()
    {
        if (!CallerContext.IsPrivileged)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "The operators' API needs an admin role claim or a service credential."));
        }
    }
}
